package dev.floe.node.migration;

import dev.floe.node.chain.NodeChain;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reports {@code epochSyncDone} on-chain in the background, with a few retries. */
final class SyncDoneReporter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SyncDoneReporter.class);
  private static final int ATTEMPTS = 5;

  private final String logName;
  private final NodeChain chain;
  private final ExecutorService background;

  SyncDoneReporter(String logName, NodeChain chain) {
    this.logName = logName;
    this.chain = chain;
    this.background = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, logName + "-sync-done");
      t.setDaemon(true);
      return t;
    });
  }

  /** Reports, asynchronously, that this node holds all its shards of {@code epoch}. */
  void report(long epoch) {
    background.execute(() -> {
      for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
        try {
          chain.epochSyncDone(epoch);
          LOG.info("{}: reported epoch sync done for epoch {}", logName, epoch);
          return;
        } catch (RuntimeException ex) {
          LOG.warn("{}: epoch sync done for epoch {} failed (attempt {}): {}", logName, epoch, attempt, ex.getMessage());
          try {
            Thread.sleep(200L << attempt);
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    });
  }

  @Override
  public void close() {
    background.shutdownNow();
    try {
      background.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
