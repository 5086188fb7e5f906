package dev.floe.indexer.follow;

import dev.floe.controlplane.ChainReorganizedException;
import dev.floe.controlplane.ControlPlane;
import dev.floe.controlplane.events.EventId;
import dev.floe.controlplane.events.EventPage;
import dev.floe.indexer.BackgroundThread;
import dev.floe.indexer.store.IndexCursor;
import dev.floe.indexer.store.IndexStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the control plane's events into the {@link IndexStore}, page by page on its own thread:
 * each page is applied in one transaction with its cursor and the hash of the cursor's block, and
 * the next read passes that hash back, so a reorganization deeper than the confirmation depth is
 * detected even across restarts. Then indexing halts at its cursor ({@link State#HALTED}, one ERROR
 * in the log) and keeps checking, applying nothing, until the operator rebuilds the database with a
 * larger depth. Transient RPC failures are retried with backoff.
 *
 * <p>Each event is stored with its block's timestamp, read with the page ({@link BlockTimes}; a
 * block whose hash differs from the one the page's events came from fails the read, which is
 * retried). Events of a database indexed before block times were recorded get theirs filled in
 * first, a few hundred blocks per step, before new pages are read.
 */
public final class EventIndexer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventIndexer.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  /** What the indexer is doing. */
  public enum State {
    /** Not started yet. */
    STARTING,
    /** Reading pages behind the chain head. */
    CATCHING_UP,
    /** At the chain head (minus the confirmation depth), polling. */
    FOLLOWING,
    /** The last read failed; retrying with backoff. */
    RETRYING,
    /** The chain reorganized past the cursor; nothing is applied. */
    HALTED,
    /** Closed. */
    STOPPED
  }

  private static final int BACKFILL_BLOCKS_PER_STEP = 500;

  private final ControlPlane chain;
  private final BlockTimes blockTimes;
  private final IndexStore store;
  private final EventId start;
  private final int confirmations;
  private final int maxBlocksPerPage;
  private final Duration pollInterval;
  private final BackgroundThread loop = new BackgroundThread();
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final AtomicReference<State> state = new AtomicReference<>(State.STARTING);
  private final AtomicReference<String> lastError = new AtomicReference<>();
  private volatile boolean blockTimesComplete;
  private boolean backfillReported;

  /**
   * @param chain where events come from
   * @param blockTimes where the timestamps of the events' blocks come from
   * @param store where they go
   * @param start the cursor to begin from when the store has none (the deployment's start)
   * @param confirmations only blocks at least this deep are indexed
   * @param maxBlocksPerPage the largest block range read at once
   * @param pollInterval how often to look for new blocks at the head
   */
  public EventIndexer(ControlPlane chain, BlockTimes blockTimes, IndexStore store, EventId start, int confirmations,
      int maxBlocksPerPage, Duration pollInterval) {
    if (confirmations < 0 || maxBlocksPerPage < 1 || pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("confirmations >= 0, maxBlocksPerPage >= 1 and a positive poll interval needed");
    }
    this.chain = chain;
    this.blockTimes = blockTimes;
    this.store = store;
    this.start = start;
    this.confirmations = confirmations;
    this.maxBlocksPerPage = maxBlocksPerPage;
    this.pollInterval = pollInterval;
  }

  /** Starts following on a (virtual) thread named {@code name}. */
  public void start(String name) {
    loop.start(name, this::run);
  }

  /** The current state. */
  public State state() {
    return state.get();
  }

  /** The message of the last failed read, if the latest read failed. */
  public Optional<String> lastError() {
    return Optional.ofNullable(lastError.get());
  }

  /**
   * Whether every indexed event has its block time (false while the events of an older database
   * are being filled in).
   */
  public boolean blockTimesComplete() {
    return blockTimesComplete;
  }

  /** Waits until the index reached the chain head once; false on timeout. */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void run() {
    long backoff = 100;
    boolean reorgReported = false;
    while (!loop.isClosed()) {
      Optional<IndexCursor> cursor = store.cursor();
      EventId after = cursor.map(IndexCursor::id).orElse(start);
      Optional<String> afterHash = cursor.flatMap(IndexCursor::blockHash);
      try {
        if (!blockTimesComplete) {
          blockTimesComplete = backfillStep();
        }
        EventPage page = await(chain.fetchEvents(after, afterHash, confirmations, maxBlocksPerPage));
        boolean advanced = page.cursor().compareTo(after) > 0;
        if (advanced || !page.events().isEmpty()) {
          store.apply(page.events(), page.cursor(), page.blockHash(page.cursor().blockNumber()), times(page));
        }
        lastError.set(null);
        backoff = 100;
        reorgReported = false;
        if (!advanced) {
          state.set(State.FOLLOWING);
          caughtUp.countDown();
          if (loop.awaitClose(pollInterval.toMillis())) {
            break;
          }
        } else {
          state.set(State.CATCHING_UP);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException e) {
        Optional<ChainReorganizedException> reorg = ChainReorganizedException.causeOf(e);
        lastError.set(reorg.map(Throwable::getMessage).orElse(e.getMessage()));
        if (reorg.isPresent()) {
          state.set(State.HALTED);
          if (!reorgReported) {
            LOG.error("indexer: halted at {}: {}; rebuild the index with a larger confirmation depth", after,
                reorg.get().getMessage());
            reorgReported = true;
          }
        } else {
          state.set(State.RETRYING);
          LOG.warn("indexer: reading events after {} failed (retrying in {} ms): {}", after, backoff, e.getMessage());
        }
        try {
          if (loop.awaitClose(backoff)) {
            break;
          }
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          break;
        }
        backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
      }
    }
    state.set(State.STOPPED);
  }

  /** The timestamps of the blocks the page's events come from, checked against the page's block hashes. */
  private Map<Long, Instant> times(EventPage page) {
    Set<Long> numbers = new TreeSet<>();
    page.events().forEach(e -> numbers.add(e.id().blockNumber()));
    if (numbers.isEmpty()) {
      return Map.of();
    }
    Map<Long, BlockTimes.BlockHeader> headers = blockTimes.headers(numbers);
    Map<Long, Instant> times = new HashMap<>();
    for (long n : numbers) {
      BlockTimes.BlockHeader h = headers.get(n);
      Optional<String> expected = page.blockHash(n);
      if (expected.isPresent() && !expected.get().equalsIgnoreCase(h.hash())) {
        throw new BlockTimes.BlockTimeException("block " + n + " has hash " + h.hash() + ", not " + expected.get()
            + " as when its events were read: the chain reorganized meanwhile");
      }
      times.put(n, h.time());
    }
    return times;
  }

  /** Fills in the block times of up to a few hundred blocks indexed without; true when none are left. */
  private boolean backfillStep() {
    List<Long> missing = store.blocksWithoutTime(BACKFILL_BLOCKS_PER_STEP);
    if (missing.isEmpty()) {
      if (backfillReported) {
        LOG.info("indexer: every indexed event has its block time now");
      }
      return true;
    }
    if (!backfillReported) {
      LOG.info("indexer: filling in the block times of events indexed before they were recorded (from block {})",
          missing.getFirst());
      backfillReported = true;
    }
    Map<Long, Instant> times = new HashMap<>();
    blockTimes.headers(missing).forEach((n, h) -> times.put(n, h.time()));
    store.setBlockTimes(times);
    return false;
  }

  private static <T> T await(java.util.concurrent.CompletableFuture<T> f) throws InterruptedException {
    try {
      return f.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause.getMessage(), cause);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new IllegalStateException("the chain did not answer within 60 s", e);
    }
  }

  @Override
  public void close() {
    loop.close();
  }
}
