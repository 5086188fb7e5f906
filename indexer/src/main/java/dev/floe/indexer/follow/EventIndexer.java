package dev.floe.indexer.follow;

import dev.floe.controlplane.ChainReorganizedException;
import dev.floe.controlplane.ControlPlane;
import dev.floe.controlplane.NodeInfo;
import dev.floe.controlplane.events.ChainEvent;
import dev.floe.controlplane.events.EventId;
import dev.floe.controlplane.events.EventPage;
import dev.floe.controlplane.events.NodeUpdated;
import dev.floe.indexer.BackgroundThread;
import dev.floe.indexer.store.IndexCursor;
import dev.floe.indexer.store.IndexStore;
import dev.floe.indexer.store.NodeDetails;
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
 * larger depth. A failed read is retried at once over half as many blocks (RPC providers limit the
 * block range or result count of a log query), down to one block, then with backoff (transient RPC
 * failures); the page size grows back after a run of good pages.
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
    /**
     * The last read failed (retrying with backoff), or the chain's head is below the cursor's block
     * (a lagging RPC node or a reorganization to a shorter chain; waiting).
     */
    RETRYING,
    /** The chain reorganized past the cursor; nothing is applied. */
    HALTED,
    /** Closed. */
    STOPPED
  }

  private static final int BACKFILL_BLOCKS_PER_STEP = 500;
  /** After a read failed, the page size was halved; it doubles again after this many good pages. */
  private static final int GROW_AFTER_PAGES = 16;
  /** How often an idle follower checks that the chain's head has not fallen below its cursor. */
  private static final Duration BEHIND_CHECK_INTERVAL = Duration.ofSeconds(2);

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
    int pageBlocks = maxBlocksPerPage;
    int goodPages = 0;
    Optional<String> behind = Optional.empty();
    long behindCheckedAt = System.nanoTime() - BEHIND_CHECK_INTERVAL.toNanos();
    while (!loop.isClosed()) {
      Optional<IndexCursor> cursor = store.cursor();
      EventId after = cursor.map(IndexCursor::id).orElse(start);
      Optional<String> afterHash = cursor.flatMap(IndexCursor::blockHash);
      try {
        if (!blockTimesComplete) {
          blockTimesComplete = backfillStep();
        }
        EventPage page = await(chain.fetchEvents(after, afterHash, confirmations, pageBlocks));
        boolean advanced = page.cursor().compareTo(after) > 0;
        if (advanced || !page.events().isEmpty()) {
          store.apply(page.events(), page.cursor(), page.blockHash(page.cursor().blockNumber()), times(page),
              nodeDetails(page));
        }
        backoff = 100;
        reorgReported = false;
        if (!advanced) {
          // one more RPC call, so only every few seconds while idle
          if (cursor.isPresent() && System.nanoTime() - behindCheckedAt >= BEHIND_CHECK_INTERVAL.toNanos()) {
            behind = chainBehind(after);
            behindCheckedAt = System.nanoTime();
          }
          if (behind.isPresent()) {
            // not following: what is indexed past the head may be gone (a fetch halts once the chain
            // is long enough again and the cursor's block has another hash)
            state.set(State.RETRYING);
            if (!behind.get().equals(lastError.getAndSet(behind.get()))) {
              LOG.warn("indexer: {}", behind.get());
            }
          } else {
            lastError.set(null);
            state.set(State.FOLLOWING);
            caughtUp.countDown();
          }
          if (loop.awaitClose(pollInterval.toMillis())) {
            break;
          }
        } else {
          behind = Optional.empty();
          lastError.set(null);
          state.set(State.CATCHING_UP);
          if (pageBlocks < maxBlocksPerPage && ++goodPages >= GROW_AFTER_PAGES) {
            pageBlocks = Math.min(maxBlocksPerPage, pageBlocks * 2);
            goodPages = 0;
          }
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
        } else if (pageBlocks > 1) {
          // many RPC providers refuse log queries over too many blocks (or with too many results):
          // read fewer blocks at a time, at once; the size grows back after a run of good pages
          pageBlocks = Math.max(1, pageBlocks / 2);
          goodPages = 0;
          state.set(State.RETRYING);
          LOG.warn("indexer: reading events after {} failed (now trying {} blocks per read): {}", after, pageBlocks,
              e.getMessage());
          backoff = 50;
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

  /**
   * Why the chain does not reach the cursor's block, when its head is below it: an RPC node that lags
   * behind, or a reorganization to a shorter chain (a reverted local chain).
   */
  private Optional<String> chainBehind(EventId cursor) throws InterruptedException {
    long head = await(chain.latestBlock());
    if (head >= cursor.blockNumber()) {
      return Optional.empty();
    }
    return Optional.of("the chain's head is block " + head + ", behind the indexed block " + cursor.blockNumber()
        + ": the RPC node lags, or the chain was reorganized to a shorter one; waiting (the indexer halts if the "
        + "block comes back with another hash)");
  }

  /**
   * The current name, network address and protocol key of each node that announced a change in
   * {@code page} ({@code NodeUpdated} carries no values): read from the chain's latest state, which
   * may already include later changes (the next page's read brings the view up to date again).
   */
  private Map<String, NodeDetails> nodeDetails(EventPage page) throws InterruptedException {
    Map<String, NodeDetails> details = new HashMap<>();
    for (ChainEvent e : page.events()) {
      if (e instanceof NodeUpdated u && !details.containsKey(u.nodeId().toHex())) {
        Optional<NodeInfo> node = await(chain.node(u.nodeId()));
        if (node.isPresent()) {
          NodeInfo n = node.get();
          details.put(u.nodeId().toHex(), new NodeDetails(n.name(), n.networkAddress(), n.protocolKeyAddress().toHex()));
        }
      }
    }
    return details;
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
