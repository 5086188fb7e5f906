package dev.floe.controlplane.evm;

import dev.floe.controlplane.ChainReorganizedException;
import dev.floe.controlplane.ChainUnavailableException;
import dev.floe.controlplane.events.ChainEvent;
import dev.floe.controlplane.events.ChainEventHandler;
import dev.floe.controlplane.events.EventId;
import dev.floe.controlplane.events.EventPage;
import dev.floe.controlplane.events.EventStream;
import dev.floe.controlplane.events.EventStreamOptions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscription that polls the chain for events on its own (virtual) thread and hands them to the
 * handler one by one, in order. A failed read is retried at once over half as many blocks, down to
 * one (hosted RPC endpoints refuse log queries over too many blocks or with too many results), then
 * with backoff; the range doubles again after {@link #GROW_AFTER_PAGES} good pages. After {@link
 * #MAX_FAILURES} failures in a row at one block the stream ends with the last one. The stream remembers the hashes
 * of the blocks it delivered; when the block it continues after has been replaced (a reorganization
 * deeper than the confirmation depth) it ends with {@link ChainReorganizedException} without
 * advancing.
 */
final class EvmEventStream implements EventStream {
  private static final Logger LOG = LoggerFactory.getLogger(EvmEventStream.class);
  static final int MAX_FAILURES = 20;
  /** Good pages after which a range halved by failures doubles again. */
  static final int GROW_AFTER_PAGES = 16;
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

  private final EventFetcher fetcher;
  private final EventStreamOptions options;
  private final ChainEventHandler handler;
  private final String name;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final DeliveredBlocks delivered = new DeliveredBlocks();
  private volatile EventId position;

  EvmEventStream(EventFetcher fetcher, EventId after, Optional<String> afterBlockHash, EventStreamOptions options,
      ChainEventHandler handler, String name) {
    this.fetcher = fetcher;
    afterBlockHash.ifPresent(hash -> delivered.remember(after.blockNumber(), hash));
    this.options = options;
    this.handler = handler;
    this.name = name;
    this.position = after;
  }

  void start() {
    Thread.ofVirtual().name(name).start(this::run);
  }

  private void run() {
    int failures = 0;
    long backoff = 100;
    int pageBlocks = options.maxBlocksPerQuery();
    int goodPages = 0;
    try {
      while (closed.getCount() > 0) {
        EventFetcher.Fetched fetched;
        try {
          fetched = fetcher.fetchPage(position, options.confirmations(), pageBlocks, delivered);
          failures = 0;
          backoff = 100;
          if (pageBlocks < options.maxBlocksPerQuery() && ++goodPages >= GROW_AFTER_PAGES) {
            pageBlocks = Math.min(options.maxBlocksPerQuery(), pageBlocks * 2);
            goodPages = 0;
          }
        } catch (ChainUnavailableException e) {
          if (pageBlocks > 1) {
            pageBlocks = Math.max(1, pageBlocks / 2);
            goodPages = 0;
            LOG.debug("{}: event fetch failed ({}); retrying over {} blocks", name, e.getMessage(), pageBlocks);
            continue;
          }
          if (++failures >= MAX_FAILURES) {
            throw e;
          }
          LOG.warn("{}: event fetch failed ({} in a row): {}", name, failures, e.getMessage());
          if (closed.await(backoff, TimeUnit.MILLISECONDS)) {
            break;
          }
          backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
          continue;
        }
        EventPage page = fetched.page();
        for (ChainEvent event : page.events()) {
          if (closed.getCount() == 0) {
            break;
          }
          handler.onEvent(event);
          position = event.id();
        }
        if (closed.getCount() == 0) {
          break;
        }
        if (page.cursor().compareTo(position) > 0) {
          position = page.cursor();
        }
        if (fetched.atHead() && closed.await(options.pollInterval().toMillis(), TimeUnit.MILLISECONDS)) {
          break;
        }
      }
      done.complete(null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      done.complete(null);
    } catch (ChainReorganizedException e) {
      LOG.error("{}: event stream stopped at {}: {}", name, position, e.getMessage());
      done.completeExceptionally(e);
    } catch (RuntimeException | Error e) {
      LOG.warn("{}: event stream stopped at {}: {}", name, position, e.toString());
      done.completeExceptionally(e);
    }
  }

  @Override
  public EventId position() {
    return position;
  }

  @Override
  public CompletableFuture<Void> done() {
    return done;
  }

  @Override
  public void close() {
    closed.countDown();
  }
}
