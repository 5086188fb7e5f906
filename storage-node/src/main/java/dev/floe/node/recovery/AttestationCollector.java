package dev.floe.node.recovery;

import dev.floe.core.messages.SignedMessage;
import dev.floe.node.chain.CommitteeMember;
import dev.floe.node.chain.NodeCommittee;
import dev.floe.node.keys.NodeSigner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects committee members' signatures over one protocol message, the evidence behind an
 * on-chain invalidation or challenge-failure report: the node's own signature, then every other
 * member's attestation, asked in parallel, kept only when it is over exactly the same message and
 * signed by that member's protocol key. Thread-safe.
 */
public final class AttestationCollector {
  private static final Logger LOG = LoggerFactory.getLogger(AttestationCollector.class);

  /** Asks one member for its attestation of the message. */
  @FunctionalInterface
  public interface Request {
    SignedMessage ask(CommitteeMember member) throws PeerClient.PeerException;
  }

  private final String logName;
  private final NodeSigner signer;
  private final ExecutorService requests;

  /**
   * @param logName the node's name in logs
   * @param signer the node's protocol key
   * @param requests where the requests to peers run
   */
  public AttestationCollector(String logName, NodeSigner signer, ExecutorService requests) {
    this.logName = logName;
    this.signer = signer;
    this.requests = requests;
  }

  /**
   * Signs {@code message} (when this node is a member) and asks every other member that {@code ask}
   * accepts; blocks until every request ended. Returns the signatures by member index.
   *
   * @param what what is attested, for logs (e.g. "the inconsistency of blob X")
   */
  public Map<Integer, byte[]> collect(NodeCommittee committee, byte[] message, Predicate<CommitteeMember> ask,
      Request request, String what) {
    Map<Integer, byte[]> signatures = new TreeMap<>();
    committee.memberByProtocolAddress(signer.protocolAddress())
        .ifPresent(self -> signatures.put(self.index(), signer.sign(message)));
    List<CompletableFuture<Void>> pending = new ArrayList<>();
    for (CommitteeMember m : committee.peersOf(signer.protocolAddress())) {
      if (m.weight() > 0 && ask.test(m)) {
        pending.add(CompletableFuture.runAsync(() -> askOne(m, message, request, what, signatures), requests));
      }
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
    synchronized (signatures) {
      return new TreeMap<>(signatures);
    }
  }

  private void askOne(CommitteeMember m, byte[] message, Request request, String what, Map<Integer, byte[]> signatures) {
    try {
      SignedMessage att = request.ask(m);
      if (!Arrays.equals(att.message(), message)) {
        LOG.info("{}: {} attested another message than {} (epoch mismatch?); ignored", logName, m.name(), what);
        return;
      }
      if (!att.isSignedBy(m.protocolAddress())) {
        LOG.warn("{}: {} sent an attestation of {} not signed by its protocol key; ignored", logName, m.name(), what);
        return;
      }
      synchronized (signatures) {
        signatures.put(m.index(), att.signature());
      }
    } catch (PeerClient.PeerException | RuntimeException e) {
      LOG.info("{}: {} did not attest {}: {}", logName, m.name(), what, e.getMessage());
    }
  }
}
