package dev.floe.node.testing;

import dev.floe.core.blob.BlobId;
import dev.floe.core.messages.Certificate;
import dev.floe.node.chain.ChainBlobStatus;
import dev.floe.node.chain.EventCursor;
import dev.floe.node.chain.NodeChain;
import dev.floe.node.chain.NodeCommittee;
import dev.floe.node.chain.NodeEvent;
import dev.floe.node.chain.NodeRegistration;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * A test hook around a real {@link NodeChain}: forwards every call unchanged and records where each
 * event poll started and which events it handed to the node, so a test can prove from which cursor
 * a restarted node resumed and that it never saw an event before it. It can also make polls fail
 * ({@link #failPolls}), recording where each refused poll asked from, and records the polls the real
 * chain view failed ({@link #failedPolls}). Thread-safe.
 */
public final class RecordingChain implements NodeChain {
  /** One poll: the position the node asked from and the events it got. */
  public record Poll(Optional<EventCursor> after, List<NodeEvent> events) {}

  private final NodeChain delegate;
  private final List<Poll> polls = new CopyOnWriteArrayList<>();
  private final List<Optional<EventCursor>> refused = new CopyOnWriteArrayList<>();
  private final List<FailedPoll> failed = new CopyOnWriteArrayList<>();
  private volatile Supplier<? extends RuntimeException> pollFailure;

  public RecordingChain(NodeChain delegate) {
    this.delegate = delegate;
  }

  /** A poll the real chain view failed: where it asked from and what it threw. */
  public record FailedPoll(Optional<EventCursor> after, RuntimeException failure) {}

  /** Every poll the real chain view failed (not those refused by {@link #failPolls}), in order. */
  public List<FailedPoll> failedPolls() {
    return List.copyOf(failed);
  }

  /** Every poll so far, in order. */
  public List<Poll> polls() {
    return List.copyOf(polls);
  }

  /** Every event handed to the node so far, in order. */
  public List<NodeEvent> events() {
    return polls.stream().flatMap(p -> p.events().stream()).toList();
  }

  /** From now on every poll throws {@code failure.get()} ({@code null}: polls work again). */
  public void failPolls(Supplier<? extends RuntimeException> failure) {
    this.pollFailure = failure;
  }

  /** Where each refused poll asked from, in order. */
  public List<Optional<EventCursor>> refusedPolls() {
    return List.copyOf(refused);
  }

  @Override
  public List<NodeEvent> pollEvents(Optional<EventCursor> after, int max) {
    Supplier<? extends RuntimeException> failure = pollFailure;
    if (failure != null) {
      refused.add(after);
      throw failure.get();
    }
    List<NodeEvent> events;
    try {
      events = delegate.pollEvents(after, max);
    } catch (RuntimeException e) {
      failed.add(new FailedPoll(after, e));
      throw e;
    }
    polls.add(new Poll(after, List.copyOf(events)));
    return events;
  }

  @Override
  public long currentEpoch() {
    return delegate.currentEpoch();
  }

  @Override
  public NodeCommittee currentCommittee() {
    return delegate.currentCommittee();
  }

  @Override
  public Optional<NodeCommittee> previousCommittee() {
    return delegate.previousCommittee();
  }

  @Override
  public ChainBlobStatus blobStatus(BlobId blobId) {
    return delegate.blobStatus(blobId);
  }

  @Override
  public void registerNode(NodeRegistration registration) {
    delegate.registerNode(registration);
  }

  @Override
  public void stake(byte[] nodeId, BigInteger amount) {
    delegate.stake(nodeId, amount);
  }

  @Override
  public void epochSyncDone(long epoch) {
    delegate.epochSyncDone(epoch);
  }

  @Override
  public void invalidateBlob(Certificate certificate) {
    delegate.invalidateBlob(certificate);
  }

  @Override
  public boolean epochChangeDone(long epoch) {
    return delegate.epochChangeDone(epoch);
  }

  @Override
  public byte[] challengeSeed(long epoch) {
    return delegate.challengeSeed(epoch);
  }

  @Override
  public boolean challengeFailed(byte[] nodeId, long epoch) {
    return delegate.challengeFailed(nodeId, epoch);
  }

  @Override
  public void reportChallengeFailure(Certificate certificate) {
    delegate.reportChallengeFailure(certificate);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
