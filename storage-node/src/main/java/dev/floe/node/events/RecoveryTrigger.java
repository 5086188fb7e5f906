package dev.floe.node.events;

import dev.floe.core.blob.BlobId;
import java.util.concurrent.CompletableFuture;

/** Where the event processor asks for slivers to be recovered from peers. */
public interface RecoveryTrigger {
  /**
   * Recovers, asynchronously, every sliver of an owned shard of {@code blobId} that this node
   * lacks. The future completes when the blob is complete on this node, or exceptionally when
   * recovery gave up (it is retried at the next trigger or restart).
   */
  CompletableFuture<Void> recoverMissing(BlobId blobId);

  /** Stops recovering {@code blobId} (it was deleted or invalidated). */
  void cancel(BlobId blobId);

  /** A trigger that does nothing. */
  RecoveryTrigger NONE = new RecoveryTrigger() {
    @Override
    public CompletableFuture<Void> recoverMissing(BlobId blobId) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void cancel(BlobId blobId) {}
  };
}
