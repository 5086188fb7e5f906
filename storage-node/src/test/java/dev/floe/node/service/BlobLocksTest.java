package dev.floe.node.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.core.blob.BlobId;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Shared holders of a blob's lock run together; an exclusive holder runs alone. */
class BlobLocksTest {
  private static final BlobId BLOB = BlobId.of(new byte[32]);

  @Test
  void shouldLetDataWritesOfOneBlobRunConcurrently() throws Exception {
    BlobLocks locks = new BlobLocks(16);
    CountDownLatch bothInside = new CountDownLatch(2);
    AtomicBoolean sawOther = new AtomicBoolean();
    Thread other = Thread.ofPlatform().start(() -> locks.withShared(BLOB, () -> {
      bothInside.countDown();
      return null;
    }));
    locks.withShared(BLOB, () -> {
      bothInside.countDown();
      try {
        // the other shared holder can only count down while this one is still inside
        sawOther.set(bothInside.await(10, TimeUnit.SECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return null;
    });
    other.join(10_000);
    assertThat(sawOther).isTrue();
  }

  @Test
  void shouldKeepDataWritesOutWhileTheBlobIsRemoved() throws Exception {
    BlobLocks locks = new BlobLocks(16);
    AtomicBoolean removing = new AtomicBoolean();
    AtomicBoolean writeDuringRemoval = new AtomicBoolean();
    CountDownLatch writerStarted = new CountDownLatch(1);
    Thread writer;
    Thread[] holder = new Thread[1];
    locks.withLock(BLOB, () -> {
      removing.set(true);
      holder[0] = Thread.ofPlatform().start(() -> {
        writerStarted.countDown();
        locks.withShared(BLOB, () -> {
          writeDuringRemoval.set(removing.get());
          return null;
        });
      });
      try {
        writerStarted.await(10, TimeUnit.SECONDS);
        Thread.sleep(100); // give the writer every chance to enter if exclusion were broken
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      removing.set(false);
      return null;
    });
    writer = holder[0];
    writer.join(10_000);
    assertThat(writer.isAlive()).isFalse();
    assertThat(writeDuringRemoval).as("a data write ran while the blob was being removed").isFalse();
  }
}
