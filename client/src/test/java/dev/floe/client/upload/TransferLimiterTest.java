package dev.floe.client.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TransferLimiterTest {

  @Test
  void shouldNeverExceedRequestNodeAndByteBoundsUnderContention() throws Exception {
    int maxRequests = 6;
    int perNode = 2;
    long maxBytes = 10 * 1024;
    TransferLimiter limiter = new TransferLimiter(maxRequests, perNode, maxBytes);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peakRunning = new AtomicInteger();
    AtomicLong bytes = new AtomicLong();
    AtomicLong peakBytes = new AtomicLong();
    Map<String, AtomicInteger> perNodeRunning = new ConcurrentHashMap<>();
    AtomicInteger peakPerNode = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      String node = "node-" + (i % 5);
      long size = 1024L * (1 + i % 4);
      threads.add(Thread.ofVirtual().start(() -> {
        try (TransferLimiter.Permit p = limiter.acquire(node, size)) {
          peakRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
          peakBytes.accumulateAndGet(bytes.addAndGet(size), Math::max);
          int n = perNodeRunning.computeIfAbsent(node, k -> new AtomicInteger()).incrementAndGet();
          peakPerNode.accumulateAndGet(n, Math::max);
          Thread.sleep(2);
          perNodeRunning.get(node).decrementAndGet();
          bytes.addAndGet(-size);
          running.decrementAndGet();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(peakRunning.get()).isBetween(2, maxRequests);
    assertThat(peakPerNode.get()).isBetween(1, perNode);
    assertThat(peakBytes.get()).isLessThanOrEqualTo(maxBytes);
    assertThat(limiter.requestsInFlight()).isZero();
    assertThat(limiter.bytesInFlight()).isZero();
  }

  @Test
  void shouldLetABodyLargerThanTheBudgetThroughAlone() throws Exception {
    TransferLimiter limiter = new TransferLimiter(4, 4, 4096);
    try (TransferLimiter.Permit big = limiter.acquireBytes(1 << 20)) {
      assertThat(limiter.bytesInFlight()).isEqualTo(4096);
      Thread waiter = Thread.ofVirtual().start(() -> {
        try (TransferLimiter.Permit small = limiter.acquireBytes(1)) {
          // acquired only after the big one is released
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      waiter.join(100);
      assertThat(waiter.isAlive()).as("small body waits while the budget is used up").isTrue();
      big.close();
      waiter.join(5000);
      assertThat(waiter.isAlive()).isFalse();
    }
    assertThat(limiter.bytesInFlight()).isZero();
  }

  @Test
  void shouldReleaseOnlyOnceWhenClosedTwice() throws Exception {
    TransferLimiter limiter = new TransferLimiter(1, 1, 1024);
    TransferLimiter.Permit p = limiter.acquire("a", 10);
    p.close();
    p.close();
    assertThat(limiter.requestsInFlight()).isZero();
    try (TransferLimiter.Permit q = limiter.acquire("a", 10)) {
      assertThat(limiter.requestsInFlight()).isEqualTo(1);
    }
  }

  @Test
  void shouldRejectNonPositiveLimits() {
    assertThatThrownBy(() -> new TransferLimiter(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TransferLimiter(1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TransferLimiter(1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
