package dev.floe.node.chain;

import dev.floe.core.blob.BlobId;
import dev.floe.core.messages.Certificate;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * Everything a storage node asks of the control plane. Calls are synchronous and may block on
 * network I/O: call them off the event loop. Failures are {@link ChainException}s.
 *
 * <p>The event feed is pull-based: {@link #pollEvents} returns the confirmed events strictly after a
 * cursor, in chain order, so the node can persist each event's effects together with its cursor and
 * resume exactly where it stopped after a restart.
 */
public interface NodeChain extends AutoCloseable {
  /** The current epoch. */
  long currentEpoch();

  /** The committee of the current epoch. */
  NodeCommittee currentCommittee();

  /** The committee of the previous epoch, if there is one (reads during an epoch change). */
  Optional<NodeCommittee> previousCommittee();

  /** The blob's on-chain state, read now (not from events). */
  ChainBlobStatus blobStatus(BlobId blobId);

  /**
   * Up to {@code max} confirmed events strictly after {@code after} (from the genesis of the
   * deployment if empty), in chain order; an empty list when there is nothing new.
   */
  List<NodeEvent> pollEvents(Optional<EventCursor> after, int max);

  /** Registers this node as a storage-node candidate, signing with the operator wallet. */
  void registerNode(NodeRegistration registration);

  /** Stakes {@code amount} token base units with the node {@code nodeId} (its operator address). */
  void stake(byte[] nodeId, BigInteger amount);

  /** Reports that this node holds all its shards of {@code epoch}. */
  void epochSyncDone(long epoch);

  /**
   * Invalidates a blob ID on-chain with a certificate over an {@code InvalidBlobId} message signed
   * by committee members holding together more than f shards.
   */
  void invalidateBlob(Certificate certificate);

  /**
   * True iff {@code epoch} is the chain's current epoch and its epoch change is complete (the new
   * committee finished taking over its shards). Storage challenges wait for it.
   */
  boolean epochChangeDone(long epoch);

  /**
   * The 32-byte storage challenge seed the chain fixed when {@code epoch} started. Fails with a
   * {@link ChainException} for an epoch that has not started.
   */
  byte[] challengeSeed(long epoch);

  /**
   * Reports that a node failed its storage challenge, with a certificate over a {@code
   * ChallengeFailureMessage} of the current epoch signed by members holding together more than f
   * shards. A node already reported in that epoch counts as success (another member was faster).
   */
  void reportChallengeFailure(Certificate certificate);

  /** Whether the chain recorded that the node {@code nodeId} (operator address) failed its challenge of {@code epoch}. */
  boolean challengeFailed(byte[] nodeId, long epoch);

  @Override
  void close();
}
