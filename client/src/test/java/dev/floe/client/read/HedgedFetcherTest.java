package dev.floe.client.read;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.client.read.HedgedFetcher.Candidate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HedgedFetcherTest {
  private static final HedgedFetcher.FailureClassifier MISSING_IS_NOT_FOUND =
      t -> t instanceof NoSuchElementException;

  @Test
  void shouldRouteAroundFailingAndLyingNodesAndSkipTheirOtherCandidates() throws Exception {
    AtomicInteger askedBad = new AtomicInteger();
    List<Candidate<Integer>> candidates = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      int item = i;
      String node = "node-" + (i % 4);
      candidates.add(new Candidate<>(node, "item " + i, () -> {
        if (node.equals("node-0")) {
          askedBad.incrementAndGet();
          throw new IllegalStateException("hash mismatch");
        }
        return item;
      }));
    }
    // one request at a time, so that node-0's failure is seen before any of its other candidates could
    // start (with more in parallel, a second request to it may already run when the first one fails)
    HedgedFetcher.Result<Integer> result =
        HedgedFetcher.fetch(candidates, 6, 1, Duration.ofSeconds(5), MISSING_IS_NOT_FOUND);
    assertThat(result.complete(6)).isTrue();
    assertThat(result.items()).hasSize(6).allMatch(i -> i % 4 != 0);
    assertThat(askedBad.get()).as("a lying node is asked once, then skipped").isEqualTo(1);
    assertThat(result.failures()).containsOnlyKeys("node-0");
  }

  @Test
  void shouldHedgeASlowNodeInsteadOfWaitingForIt() throws Exception {
    List<Candidate<String>> candidates = new ArrayList<>();
    candidates.add(new Candidate<>("slow", "a", () -> {
      Thread.sleep(30_000);
      return "late";
    }));
    candidates.add(new Candidate<>("fast-1", "b", () -> "b"));
    candidates.add(new Candidate<>("fast-2", "c", () -> "c"));
    long start = System.nanoTime();
    HedgedFetcher.Result<String> result =
        HedgedFetcher.fetch(candidates, 2, 2, Duration.ofMillis(100), MISSING_IS_NOT_FOUND);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(result.items()).containsExactlyInAnyOrder("b", "c");
    assertThat(millis).isLessThan(5_000);
  }

  @Test
  void shouldKeepAskingANodeThatOnlyLacksOneItem() throws Exception {
    Set<String> asked = ConcurrentHashMap.newKeySet();
    List<Candidate<String>> candidates = List.of(
        new Candidate<>("n", "x", () -> {
          asked.add("x");
          throw new NoSuchElementException("not found");
        }),
        new Candidate<>("n", "y", () -> {
          asked.add("y");
          return "y";
        }));
    HedgedFetcher.Result<String> result =
        HedgedFetcher.fetch(candidates, 1, 1, Duration.ofSeconds(5), MISSING_IS_NOT_FOUND);
    assertThat(result.items()).containsExactly("y");
    assertThat(asked).containsExactlyInAnyOrder("x", "y");
  }

  @Test
  void shouldReportAnIncompleteResultWithEveryFailureWhenTooManyNodesFail() throws Exception {
    List<Candidate<Integer>> candidates = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String node = "node-" + (i % 4);
      int item = i;
      candidates.add(new Candidate<>(node, "item " + i, () -> {
        if (!node.equals("node-3")) {
          throw new IllegalStateException("connection refused");
        }
        return item;
      }));
    }
    HedgedFetcher.Result<Integer> result =
        HedgedFetcher.fetch(candidates, 4, 4, Duration.ofSeconds(5), MISSING_IS_NOT_FOUND);
    assertThat(result.complete(4)).isFalse();
    assertThat(result.items()).containsExactlyInAnyOrder(3, 7);
    assertThat(result.failures()).containsOnlyKeys("node-0", "node-1", "node-2");
    assertThat(result.failureSummary()).contains("connection refused");
  }

  @Test
  void shouldServeAnItemFromItsFallbackWhenTheFirstSourceLacksItAndCountItOnce() throws Exception {
    List<Candidate<Integer>> candidates = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      int item = i;
      Candidate<Integer> previousOwner = new Candidate<>("old-" + i, "item " + i, () -> {
        if (item < 2) {
          throw new NoSuchElementException("not found");
        }
        return item;
      });
      candidates.add(previousOwner.orElse(new Candidate<>("new-" + i, "item " + i, () -> item)));
    }
    HedgedFetcher.Result<Integer> result =
        HedgedFetcher.fetch(candidates, 4, 4, Duration.ofSeconds(5), MISSING_IS_NOT_FOUND);
    assertThat(result.items()).containsExactlyInAnyOrder(0, 1, 2, 3);
    assertThat(result.failures()).containsOnlyKeys("old-0", "old-1");
  }

  @Test
  void shouldGoStraightToTheFallbackOfACandidateWhoseNodeIsKnownBad() throws Exception {
    AtomicInteger askedAbsent = new AtomicInteger();
    List<Candidate<String>> candidates = new ArrayList<>();
    for (String item : List.of("a", "b", "c")) {
      Candidate<String> absent = new Candidate<>("absent", item, () -> {
        askedAbsent.incrementAndGet();
        throw new IllegalStateException("connection refused");
      });
      candidates.add(absent.orElse(new Candidate<>("holder-" + item, item, () -> item)));
    }
    HedgedFetcher.Result<String> result =
        HedgedFetcher.fetch(candidates, 3, 1, Duration.ofSeconds(5), MISSING_IS_NOT_FOUND);
    assertThat(result.items()).containsExactly("a", "b", "c");
    assertThat(askedAbsent.get()).as("an unreachable node is asked once, then only its fallbacks").isEqualTo(1);
  }

  @Test
  void shouldTryEveryFallbackInOrderAndFailTheItemWhenAllSourcesFail() throws Exception {
    List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
    Candidate<String> chain = new Candidate<String>("n1", "x", () -> {
      asked.add("n1");
      throw new NoSuchElementException("not found");
    }).orElse(new Candidate<>("n2", "x", () -> {
      asked.add("n2");
      throw new NoSuchElementException("not found");
    })).orElse(new Candidate<>("n3", "x", () -> {
      asked.add("n3");
      throw new IllegalStateException("hash mismatch");
    }));
    HedgedFetcher.Result<String> result =
        HedgedFetcher.fetch(List.of(chain), 1, 2, Duration.ofSeconds(5), MISSING_IS_NOT_FOUND);
    assertThat(result.complete(1)).isFalse();
    assertThat(asked).containsExactly("n1", "n2", "n3");
    assertThat(result.failures()).containsOnlyKeys("n1", "n2", "n3");
  }
  @Test
  void shouldHedgeAStalledSourceWithItsFallbackWhenNoOtherCandidateIsLeft() throws Exception {
    // a byte-range read during an epoch change: exactly the pairs it needs, each with the shard's
    // other owner as fallback; the previous owner of one pair stalls instead of answering
    Candidate<String> stalled = new Candidate<String>("stalled-old-owner", "x", () -> {
      Thread.sleep(10_000);
      return "late";
    }).orElse(new Candidate<>("new-owner", "x", () -> "x"));
    Candidate<String> healthy = new Candidate<>("healthy", "y", () -> "y");
    long start = System.nanoTime();
    HedgedFetcher.Result<String> result =
        HedgedFetcher.fetch(List.of(stalled, healthy), 2, 2, Duration.ofMillis(100), MISSING_IS_NOT_FOUND);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(result.items()).containsExactlyInAnyOrder("x", "y");
    assertThat(millis).as("the fallback is hedged after the hedge delay, not after the stalled request").isLessThan(5_000);
  }

  @Test
  void shouldCountAnItemOnceWhenBothItsSourceAndItsHedgedFallbackAnswer() throws Exception {
    Candidate<String> slow = new Candidate<String>("slow", "a", () -> {
      Thread.sleep(400);
      return "a-from-slow";
    }).orElse(new Candidate<>("fallback", "a", () -> "a-from-fallback"));
    Candidate<String> slower = new Candidate<>("slower", "b", () -> {
      Thread.sleep(900);
      return "b";
    });
    HedgedFetcher.Result<String> result =
        HedgedFetcher.fetch(List.of(slow, slower), 2, 2, Duration.ofMillis(100), MISSING_IS_NOT_FOUND);
    assertThat(result.items()).hasSize(2).contains("b");
    assertThat(result.items().stream().filter(s -> s.startsWith("a-"))).as("item a counted once").hasSize(1);
  }
}
