package dev.floe.client.read;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Fetches {@code needed} verified items from a list of candidates (each served by a named node),
 * routing around faulty nodes: it starts {@code needed} requests (at most {@code maxParallel}),
 * replaces every failure with the next candidate, and when no request finishes for {@code
 * hedgeDelay} it starts one more (a slow node does not hold the read up). A node that failed or
 * served bad data is not asked again during this fetch (its remaining candidates are skipped),
 * except after a plain "not found", which only skips that candidate. A candidate may name a
 * fallback: another node that serves the same item (during an epoch change, the shard's other
 * owner). When the candidate fails, or its node is already known bad, its fallback takes its place
 * at the head of the queue, so an item counts once whichever of its sources served it. A hedge
 * when no candidate is left starts the fallback of a request still running (so a stalled source
 * whose item has another source does not hold the fetch up until its timeout); whichever of the
 * two answers first counts, the other is interrupted. When {@code needed} items are in, the
 * remaining requests are interrupted.
 *
 * <p>Each call runs its requests on virtual threads and is independent; the class is stateless.
 */
public final class HedgedFetcher {
  private HedgedFetcher() {}

  /**
   * One thing to fetch.
   *
   * @param node the node that serves it
   * @param label what it is, for messages (e.g. "primary sliver 3")
   * @param fetch fetches and verifies; throws if the node fails or lies
   * @param fallback the same item from another node, tried when this one fails or its node is bad
   */
  public record Candidate<T>(String node, String label, Callable<T> fetch, Optional<Candidate<T>> fallback) {
    public Candidate {
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(fetch, "fetch");
      Objects.requireNonNull(fallback, "fallback");
    }

    /** A candidate without a fallback. */
    public Candidate(String node, String label, Callable<T> fetch) {
      this(node, label, fetch, Optional.empty());
    }

    /** This candidate with {@code alternative} tried after it (and after its existing fallbacks). */
    public Candidate<T> orElse(Candidate<T> alternative) {
      Candidate<T> chained = fallback.map(f -> f.orElse(alternative)).orElse(alternative);
      return new Candidate<>(node, label, fetch, Optional.of(chained));
    }
  }

  /** The outcome of one fetch. */
  public record Result<T>(List<T> items, Map<String, String> failures) {
    /** Whether every needed item arrived. */
    public boolean complete(int needed) {
      return items.size() >= needed;
    }

    /** The failures as one line ("node: reason; ..."). */
    public String failureSummary() {
      return failures.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; "));
    }
  }

  /**
   * Tells whether a failure means only that the node lacks this one item (so its other candidates
   * remain worth trying).
   */
  @FunctionalInterface
  public interface FailureClassifier {
    boolean isMissingItemOnly(Throwable failure);
  }

  private record Done<T>(Candidate<T> candidate, T value, Throwable failure) {}

  /**
   * Fetches until {@code needed} items arrived or the candidates ran out; never throws for node
   * failures (they are in the result). Interrupting the caller interrupts every request.
   */
  public static <T> Result<T> fetch(
      List<Candidate<T>> candidates, int needed, int maxParallel, Duration hedgeDelay, FailureClassifier classifier)
      throws InterruptedException {
    if (needed < 0 || maxParallel < 1) {
      throw new IllegalArgumentException("needed must be >= 0 and maxParallel >= 1");
    }
    Deque<Candidate<T>> pending = new ArrayDeque<>(candidates);
    BlockingQueue<Done<T>> completions = new LinkedBlockingQueue<>();
    Set<String> badNodes = new HashSet<>();
    Map<String, String> failures = new LinkedHashMap<>();
    List<T> items = new ArrayList<>(needed);
    Map<Candidate<T>, Thread> running = new LinkedHashMap<>();
    // which item each source serves (a candidate and its fallbacks serve the same one), by identity
    Map<Candidate<T>, Integer> itemOf = new IdentityHashMap<>();
    for (int i = 0; i < candidates.size(); i++) {
      for (Optional<Candidate<T>> c = Optional.of(candidates.get(i)); c.isPresent(); c = c.get().fallback()) {
        itemOf.put(c.get(), i);
      }
    }
    Set<Integer> itemsDone = new HashSet<>();
    Set<Candidate<T>> started = Collections.newSetFromMap(new IdentityHashMap<>());
    int hedges = 0;
    try {
      while (items.size() < needed) {
        int wanted = Math.min(maxParallel + hedges, needed - items.size() + hedges);
        while (running.size() < wanted) {
          Candidate<T> next = nextCandidate(pending, badNodes, started);
          if (next == null && hedges > 0) {
            next = fallbackOfRunning(running, badNodes, started, itemOf, itemsDone);
          }
          if (next == null) {
            break;
          }
          started.add(next);
          running.put(next, start(next, completions));
        }
        if (running.isEmpty()) {
          break;
        }
        Done<T> done = completions.poll(hedgeDelay.toNanos(), TimeUnit.NANOSECONDS);
        if (done == null) {
          hedges++;
          continue;
        }
        if (running.remove(done.candidate()) == null) {
          continue; // a source whose item another source served first (it was interrupted)
        }
        hedges = Math.max(0, hedges - 1);
        Integer item = itemOf.get(done.candidate());
        if (done.failure() == null) {
          items.add(done.value());
          itemsDone.add(item);
          // the item's other source still running (a hedged fallback or the stalled original) is not needed
          running.entrySet().removeIf(e -> {
            boolean sameItem = item.equals(itemOf.get(e.getKey()));
            if (sameItem) {
              e.getValue().interrupt();
            }
            return sameItem;
          });
        } else {
          String node = done.candidate().node();
          failures.merge(node, done.candidate().label() + ": " + describe(done.failure()), (a, b) -> a);
          if (!classifier.isMissingItemOnly(done.failure())) {
            badNodes.add(node);
          }
          done.candidate().fallback().filter(f -> !started.contains(f)).ifPresent(pending::addFirst);
        }
      }
    } finally {
      running.values().forEach(Thread::interrupt);
    }
    return new Result<>(items, failures);
  }

  private static <T> Candidate<T> nextCandidate(
      Deque<Candidate<T>> pending, Set<String> badNodes, Set<Candidate<T>> started) {
    while (!pending.isEmpty()) {
      Optional<Candidate<T>> c = Optional.of(pending.pollFirst());
      while (c.isPresent() && (badNodes.contains(c.get().node()) || started.contains(c.get()))) {
        c = c.get().fallback();
      }
      if (c.isPresent()) {
        return c.get();
      }
    }
    return null;
  }

  /**
   * A hedge when no candidate is left: the first not yet started fallback (on a node not known bad)
   * of the longest-running request whose item is still outstanding, or null.
   */
  private static <T> Candidate<T> fallbackOfRunning(Map<Candidate<T>, Thread> running, Set<String> badNodes,
      Set<Candidate<T>> started, Map<Candidate<T>, Integer> itemOf, Set<Integer> itemsDone) {
    for (Candidate<T> r : running.keySet()) {
      if (itemsDone.contains(itemOf.get(r))) {
        continue;
      }
      Optional<Candidate<T>> f = r.fallback();
      while (f.isPresent() && (badNodes.contains(f.get().node()) || started.contains(f.get()))) {
        f = f.get().fallback();
      }
      if (f.isPresent()) {
        return f.get();
      }
    }
    return null;
  }

  private static <T> Thread start(Candidate<T> candidate, BlockingQueue<Done<T>> completions) {
    return Thread.ofVirtual().name("fetch-" + candidate.node()).start(() -> {
      try {
        completions.add(new Done<>(candidate, candidate.fetch().call(), null));
      } catch (Throwable t) {
        completions.add(new Done<>(candidate, null, t));
      }
    });
  }

  private static String describe(Throwable t) {
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m;
  }
}
