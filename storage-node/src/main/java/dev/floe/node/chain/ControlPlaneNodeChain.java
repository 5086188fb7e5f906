package dev.floe.node.chain;

import dev.floe.controlplane.BlobStatus;
import dev.floe.controlplane.CommitteeInfo;
import dev.floe.controlplane.CommitteeMemberInfo;
import dev.floe.controlplane.ControlPlane;
import dev.floe.controlplane.ControlPlaneException;
import dev.floe.controlplane.NodeVotes;
import dev.floe.controlplane.TokenAmount;
import dev.floe.controlplane.events.ChainEvent;
import dev.floe.controlplane.events.EventId;
import dev.floe.controlplane.events.EventPage;
import dev.floe.core.blob.BlobId;
import dev.floe.core.crypto.ProtocolKeyPair;
import dev.floe.core.messages.Certificate;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link NodeChain} over the chain-neutral {@link ControlPlane}: blocks on its futures (with a
 * timeout), converts its records into the node's narrow types, and turns failures into {@link
 * ChainException}s.
 */
public final class ControlPlaneNodeChain implements NodeChain {
  private static final int MAX_BLOCKS_PER_FETCH = 2_000;

  private final ControlPlane controlPlane;
  private final int confirmations;
  private final long timeoutMillis;
  private final ProtocolKeyPair protocolKey;

  /**
   * @param controlPlane the control plane, sending transactions from the node's operator wallet
   * @param protocolKey the node's protocol key (for the proof of possession at registration)
   * @param confirmations blocks an event must be buried under before the node sees it
   * @param timeoutMillis longest wait for one call
   */
  public ControlPlaneNodeChain(ControlPlane controlPlane, ProtocolKeyPair protocolKey, int confirmations,
      long timeoutMillis) {
    this.controlPlane = controlPlane;
    this.protocolKey = protocolKey;
    this.confirmations = confirmations;
    this.timeoutMillis = timeoutMillis;
  }

  /** The underlying control plane. */
  public ControlPlane controlPlane() {
    return controlPlane;
  }

  @Override
  public long currentEpoch() {
    return await(controlPlane.epochState(), "read the epoch").epoch();
  }

  @Override
  public NodeCommittee currentCommittee() {
    return convert(await(controlPlane.currentCommittee(), "read the committee"));
  }

  @Override
  public Optional<NodeCommittee> previousCommittee() {
    long epoch = currentEpoch();
    if (epoch <= 1) {
      return Optional.empty();
    }
    CommitteeInfo c = await(controlPlane.committee((int) epoch - 1), "read the previous committee");
    return c.isEmpty() ? Optional.empty() : Optional.of(convert(c));
  }

  @Override
  public ChainBlobStatus blobStatus(BlobId blobId) {
    BlobStatus s = await(controlPlane.blobStatus(blobId), "read the status of blob " + blobId);
    return switch (s) {
      case BlobStatus.Nonexistent n -> ChainBlobStatus.UNKNOWN;
      case BlobStatus.Invalid i -> new ChainBlobStatus(true, false, 0, true, false);
      case BlobStatus.Permanent p -> new ChainBlobStatus(true, p.certified(), p.endEpoch(), false, true);
      case BlobStatus.Deletable d -> {
        // the chain's status of deletable-only blobs has no end epoch: treat a live registration as
        // writable now; the registration event brings the exact end epoch
        boolean live = d.deletableCounts().registered() > 0;
        yield new ChainBlobStatus(live, d.deletableCounts().certified() > 0, live ? currentEpoch() + 1 : 0, false, false);
      }
    };
  }

  @Override
  public List<NodeEvent> pollEvents(Optional<EventCursor> after, int max) {
    EventId from = after.map(c -> new EventId(c.blockNumber(), (int) Math.min(c.logIndex(), Integer.MAX_VALUE)))
        .orElseGet(() -> controlPlane.deployment().startCursor());
    // the persisted block hash lets the read notice a reorganization that happened while the node was down
    Optional<String> fromHash = after.flatMap(EventCursor::knownBlockHash);
    EventPage page = await(controlPlane.fetchEvents(from, fromHash, confirmations, MAX_BLOCKS_PER_FETCH), "fetch events");
    List<NodeEvent> out = new ArrayList<>(page.events().size() + 1);
    EventId last = from;
    for (ChainEvent e : page.events()) {
      out.add(ChainEvents.toNodeEvent(e, page));
      last = e.id();
    }
    if (page.cursor().compareTo(last) > 0) {
      // nothing more in the scanned blocks: persist the scan position so it is not repeated
      out.add(new NodeEvent.Other(ChainEvents.cursor(page.cursor(), page), NodeEvent.Other.SCANNED));
    }
    return out;
  }

  @Override
  public void registerNode(NodeRegistration registration) {
    dev.floe.controlplane.NodeRegistration r = new dev.floe.controlplane.NodeRegistration(
        registration.name(), registration.networkAddress(), registration.commissionRateBps(),
        new NodeVotes(new TokenAmount(registration.storagePrice()), new TokenAmount(registration.writePrice()),
            registration.capacity().longValueExact()));
    await(controlPlane.registerNode(r, protocolKey), "register node " + registration.name());
  }

  @Override
  public void stake(byte[] nodeId, BigInteger amount) {
    await(controlPlane.stake(dev.floe.controlplane.Address.of(nodeId), new TokenAmount(amount)), "stake");
  }

  @Override
  public void epochSyncDone(long epoch) {
    await(controlPlane.epochSyncDone((int) epoch), "report epoch sync done for epoch " + epoch);
  }

  @Override
  public void invalidateBlob(Certificate certificate) {
    await(controlPlane.invalidateBlobId(certificate), "invalidate a blob ID");
  }

  @Override
  public boolean epochChangeDone(long epoch) {
    dev.floe.controlplane.EpochState s = await(controlPlane.epochState(), "read the epoch state");
    return s.epoch() == epoch && s.phase() != dev.floe.controlplane.EpochPhase.EPOCH_CHANGE_SYNC;
  }

  @Override
  public byte[] challengeSeed(long epoch) {
    return await(controlPlane.challengeSeed((int) epoch), "read the challenge seed of epoch " + epoch);
  }

  @Override
  public boolean challengeFailed(byte[] nodeId, long epoch) {
    return await(controlPlane.challengeFailed(dev.floe.controlplane.Address.of(nodeId), (int) epoch),
        "read whether a node failed its challenge of epoch " + epoch);
  }

  @Override
  public void reportChallengeFailure(Certificate certificate) {
    try {
      await(controlPlane.reportChallengeFailure(certificate), "report a storage challenge failure");
    } catch (ChainException e) {
      if (!(e.getCause() instanceof dev.floe.controlplane.ChallengeAlreadyReportedException)) {
        throw e;
      }
      // another member's report of the same failure was mined first: the failure is recorded
    }
  }

  @Override
  public void close() {
    controlPlane.close();
  }

  static NodeCommittee convert(CommitteeInfo c) {
    List<CommitteeMember> members = new ArrayList<>();
    for (CommitteeMemberInfo m : c.members()) {
      members.add(new CommitteeMember(m.index(), m.nodeId().toBytes(), m.name(), normalizeUrl(m.networkAddress()),
          m.protocolKeyAddress().toBytes(), m.shards()));
    }
    return new NodeCommittee(c.epoch(), c.nShards(), members);
  }

  /** Network addresses may be given as {@code host:port}; peers are reached over HTTP. */
  static String normalizeUrl(String address) {
    String a = address.strip();
    if (a.startsWith("http://") || a.startsWith("https://")) {
      return a.endsWith("/") ? a.substring(0, a.length() - 1) : a;
    }
    return "http://" + a;
  }

  private <T> T await(CompletableFuture<T> f, String what) {
    return await(f, timeoutMillis, what);
  }

  /**
   * Waits at most {@code timeoutMillis} for {@code f}; every failure (interrupt, timeout, the
   * operation's own) becomes a {@link ChainException} that says what was being done.
   */
  static <T> T await(CompletableFuture<T> f, long timeoutMillis, String what) {
    try {
      return f.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChainException("interrupted while trying to " + what, e);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new ChainException("timed out after " + timeoutMillis + " ms trying to " + what, e);
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      String detail = cause instanceof ControlPlaneException ? cause.getMessage() : cause.toString();
      throw new ChainException("could not " + what + ": " + detail, cause);
    }
  }
}
