package dev.floe.node.testing;

import dev.floe.core.blob.BlobId;
import dev.floe.core.messages.Certificate;
import dev.floe.node.chain.ChainBlobStatus;
import dev.floe.node.chain.CommitteeMember;
import dev.floe.node.chain.EventCursor;
import dev.floe.node.chain.NodeChain;
import dev.floe.node.chain.NodeCommittee;
import dev.floe.node.chain.NodeEvent;
import dev.floe.node.chain.NodeRegistration;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory {@link NodeChain} for unit tests of node logic only (the real control plane is
 * exercised against anvil in the integration tests): one ordered event log, blob registrations,
 * a committee, and a record of the transactions nodes sent. Thread-safe. Every node gets its own
 * {@link #view()} so that closing a node does not close the shared chain.
 */
public final class InMemoryChain {
  private final List<NodeEvent> events = new CopyOnWriteArrayList<>();
  private final Map<BlobId, List<Reg>> blobs = new HashMap<>();
  private final java.util.Set<BlobId> invalid = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final List<Certificate> invalidations = new CopyOnWriteArrayList<>();
  private final List<Long> syncDone = new CopyOnWriteArrayList<>();
  private final List<Certificate> challengeReports = new CopyOnWriteArrayList<>();
  private final AtomicInteger block = new AtomicInteger(1);
  private volatile NodeCommittee committee;
  private volatile NodeCommittee previous;
  /** Events at or past this index are not delivered to nodes yet ({@link #holdEvents}). */
  private volatile int visibleEvents = Integer.MAX_VALUE;
  /** Called with the blob ID before a node's direct {@code blobStatus} read is answered. */
  private volatile java.util.function.Consumer<BlobId> blobStatusHook = id -> {};

  private static final class Reg {
    final byte[] objectId;
    final boolean deletable;
    long endEpoch;
    boolean certified;
    boolean deleted;

    Reg(byte[] objectId, boolean deletable, long endEpoch) {
      this.objectId = objectId;
      this.deletable = deletable;
      this.endEpoch = endEpoch;
    }
  }

  /** A chain in epoch {@code committee.epoch()} with {@code committee}, announced by an event. */
  public InMemoryChain(NodeCommittee committee) {
    this.committee = committee;
    append(c -> new NodeEvent.EpochChangeStarted(c, committee.epoch()));
  }

  /** The current committee. */
  public NodeCommittee committee() {
    return committee;
  }

  /** The current epoch. */
  public long epoch() {
    return committee.epoch();
  }

  /** Registers a blob; returns its object ID. */
  public synchronized byte[] register(BlobId blobId, long size, long epochs, boolean deletable) {
    byte[] objectId = new byte[32];
    new SecureRandom().nextBytes(objectId);
    long end = epoch() + epochs;
    blobs.computeIfAbsent(blobId, k -> new ArrayList<>()).add(new Reg(objectId, deletable, end));
    append(c -> new NodeEvent.BlobRegistered(c, epoch(), blobId, size, 1, end, deletable, objectId));
    return objectId;
  }

  /** Certifies a registration (no certificate check: logic tests only). */
  public synchronized void certify(BlobId blobId, byte[] objectId) {
    Reg r = find(blobId, objectId);
    r.certified = true;
    append(c -> new NodeEvent.BlobCertified(c, epoch(), blobId, r.endEpoch, r.deletable, objectId, false));
  }

  /** Deletes a deletable registration. */
  public synchronized void delete(BlobId blobId, byte[] objectId) {
    Reg r = find(blobId, objectId);
    r.deleted = true;
    append(c -> new NodeEvent.BlobDeleted(c, epoch(), blobId, r.endEpoch, objectId, r.certified));
  }

  /** Moves to the next epoch with {@code next} (same members/shards if null). */
  public synchronized void advanceEpoch(NodeCommittee next) {
    previous = committee;
    NodeCommittee c = next != null ? next : new NodeCommittee(epoch() + 1, committee.nShards(), committee.members());
    committee = c;
    append(cur -> new NodeEvent.EpochChangeStarted(cur, c.epoch()));
  }

  /** Certificates nodes submitted to invalidate blobs. */
  public List<Certificate> invalidations() {
    return invalidations;
  }

  /** Certificates nodes submitted to report challenge failures. */
  public List<Certificate> challengeReports() {
    return challengeReports;
  }

  /** The challenge seed of {@code epoch}: a hash of the epoch (fixed, so tests can recompute it). */
  public static byte[] seedOf(long epoch) {
    return dev.floe.core.crypto.Keccak256.hash(("in-memory challenge seed " + epoch).getBytes(
        java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Epochs nodes reported sync done for. */
  public List<Long> syncDone() {
    return syncDone;
  }

  /** Appends an event of the test's choosing (e.g. one the node ignores). */
  public void appendOther(String name) {
    append(c -> new NodeEvent.Other(c, name));
  }

  /**
   * Stops delivering events to nodes (those appended from now on stay invisible to {@code
   * pollEvents}) while direct chain reads ({@code blobStatus}) see them: a node lagging behind.
   */
  public void holdEvents() {
    visibleEvents = events.size();
  }

  /** Delivers every event again. */
  public void releaseEvents() {
    visibleEvents = Integer.MAX_VALUE;
  }

  /**
   * Runs {@code hook} (on the node's thread) whenever a node reads a blob's status directly from
   * the chain, after the answer is computed and before it is returned: lets a test make chain state
   * change right after the node's read (the node acts on an answer that just became stale).
   */
  public void onBlobStatus(java.util.function.Consumer<BlobId> hook) {
    blobStatusHook = hook == null ? id -> {} : hook;
  }

  /** Number of events so far. */
  public int eventCount() {
    return events.size();
  }

  private synchronized void append(java.util.function.Function<EventCursor, NodeEvent> f) {
    events.add(f.apply(new EventCursor(block.getAndIncrement(), 0)));
  }

  private Reg find(BlobId blobId, byte[] objectId) {
    for (Reg r : blobs.getOrDefault(blobId, List.of())) {
      if (java.util.Arrays.equals(r.objectId, objectId)) {
        return r;
      }
    }
    throw new IllegalArgumentException("no registration " + java.util.HexFormat.of().formatHex(objectId));
  }

  private synchronized ChainBlobStatus status(BlobId blobId) {
    if (invalid.contains(blobId)) {
      return new ChainBlobStatus(true, false, 0, true, false);
    }
    List<Reg> regs = blobs.getOrDefault(blobId, List.of()).stream().filter(r -> !r.deleted).toList();
    if (regs.isEmpty()) {
      return ChainBlobStatus.UNKNOWN;
    }
    // as the contract's view: the end epoch of the permanent registrations when there are any
    List<Reg> permanent = regs.stream().filter(r -> !r.deletable).toList();
    long end = (permanent.isEmpty() ? regs : permanent).stream().mapToLong(r -> r.endEpoch).max().orElse(0);
    return new ChainBlobStatus(true, regs.stream().anyMatch(r -> r.certified), end, false, !permanent.isEmpty());
  }

  private synchronized void invalidate(Certificate certificate) {
    invalidations.add(certificate);
    BlobId blobId = dev.floe.core.messages.InvalidBlobIdMessage.parse(certificate.message()).blobId();
    if (invalid.add(blobId)) {
      append(c -> new NodeEvent.BlobInvalidated(c, epoch(), blobId));
    }
  }

  /** A per-node view of this chain. */
  public NodeChain view() {
    return new NodeChain() {
      @Override
      public long currentEpoch() {
        return epoch();
      }

      @Override
      public NodeCommittee currentCommittee() {
        return committee;
      }

      @Override
      public Optional<NodeCommittee> previousCommittee() {
        return Optional.ofNullable(previous);
      }

      @Override
      public ChainBlobStatus blobStatus(BlobId blobId) {
        ChainBlobStatus answer = status(blobId);
        blobStatusHook.accept(blobId);
        return answer;
      }

      @Override
      public List<NodeEvent> pollEvents(Optional<EventCursor> after, int max) {
        List<NodeEvent> out = new ArrayList<>();
        int visible = visibleEvents;
        int index = 0;
        for (NodeEvent e : events) {
          if (index++ >= visible) {
            break;
          }
          if (after.isEmpty() || e.cursor().compareTo(after.get()) > 0) {
            out.add(e);
            if (out.size() == max) {
              break;
            }
          }
        }
        return out;
      }

      @Override
      public void registerNode(NodeRegistration registration) {
        throw new UnsupportedOperationException("registration is tested against anvil");
      }

      @Override
      public void stake(byte[] nodeId, BigInteger amount) {
        throw new UnsupportedOperationException("staking is tested against anvil");
      }

      @Override
      public void epochSyncDone(long epoch) {
        syncDone.add(epoch);
      }

      @Override
      public void invalidateBlob(Certificate certificate) {
        invalidate(certificate);
      }

      @Override
      public boolean epochChangeDone(long epoch) {
        return epoch == epoch();
      }

      @Override
      public byte[] challengeSeed(long epoch) {
        if (epoch > epoch()) {
          throw new dev.floe.node.chain.ChainException("epoch " + epoch + " has not started");
        }
        return seedOf(epoch);
      }

      @Override
      public void reportChallengeFailure(Certificate certificate) {
        challengeReports.add(certificate);
      }

      @Override
      public boolean challengeFailed(byte[] nodeId, long epoch) {
        return challengeReports.stream()
            .map(c -> dev.floe.core.messages.ChallengeFailureMessage.parse(c.message()))
            .anyMatch(m -> m.epoch() == epoch && java.util.Arrays.equals(m.nodeId(), nodeId));
      }

      @Override
      public void close() {}
    };
  }

  /** A committee of {@code members} nodes over {@code nShards} shards dealt round-robin. */
  public static NodeCommittee committee(long epoch, int nShards, List<byte[]> protocolAddresses, List<String> urls) {
    int m = protocolAddresses.size();
    List<List<Integer>> shards = new ArrayList<>();
    for (int i = 0; i < m; i++) {
      shards.add(new ArrayList<>());
    }
    for (int s = 0; s < nShards; s++) {
      shards.get(s % m).add(s);
    }
    List<CommitteeMember> members = new ArrayList<>();
    for (int i = 0; i < m; i++) {
      members.add(new CommitteeMember(i, protocolAddresses.get(i), "node-" + i, urls.get(i), protocolAddresses.get(i),
          shards.get(i)));
    }
    return new NodeCommittee(epoch, nShards, members);
  }
}
