package dev.floe.node.challenge;

import dev.floe.core.blob.BlobId;
import dev.floe.core.blob.VerifiedBlobMetadata;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.GeneralRecoverySymbol;
import dev.floe.core.encoding.SymbolId;
import dev.floe.core.errors.InvalidDataException;
import dev.floe.node.StorageNodeConfig;
import dev.floe.node.chain.CommitteeMember;
import dev.floe.node.recovery.PeerClient;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Challenges one member: asks it for each chosen symbol with its Merkle proof over the
 * recovery-symbol endpoint and verifies the answer against the challenger's own metadata. Transient
 * errors (unreachable, timeout, 5xx) are retried with backoff up to the configured attempts; a
 * symbol that is missing, malformed, of another position or with a bad proof, or a member still
 * unreachable after every attempt, fails the challenge, which stops at the first failure. A symbol
 * of a blob whose metadata the challenger lacks, or that failed but whose blob the chain no longer
 * holds certified (deleted or invalidated since the challenger listed it), is skipped (not the
 * member's fault).
 */
final class MemberChallenge {
  private static final Logger LOG = LoggerFactory.getLogger(MemberChallenge.class);

  private final String logName;
  private final PeerClient peers;
  private final Function<BlobId, Optional<VerifiedBlobMetadata>> metadata;
  private final Predicate<BlobId> stillCertified;
  private final StorageNodeConfig.Challenges settings;

  MemberChallenge(String logName, PeerClient peers, Function<BlobId, Optional<VerifiedBlobMetadata>> metadata,
      StorageNodeConfig.Challenges settings) {
    this(logName, peers, metadata, id -> true, settings);
  }

  /**
   * @param stillCertified asked only when a symbol failed: whether the blob is still certified and
   *     valid on-chain (a blob deleted or invalidated since the challenger listed it is not the
   *     member's fault: its symbol is skipped)
   */
  MemberChallenge(String logName, PeerClient peers, Function<BlobId, Optional<VerifiedBlobMetadata>> metadata,
      Predicate<BlobId> stillCertified, StorageNodeConfig.Challenges settings) {
    this.logName = logName;
    this.peers = peers;
    this.metadata = metadata;
    this.stillCertified = stillCertified;
    this.settings = settings;
  }

  /** Challenges {@code target} for {@code symbols} in {@code epoch}. Blocking. */
  ChallengeOutcome run(long epoch, CommitteeMember target, List<ChallengedSymbol> symbols, EncodingConfig config)
      throws InterruptedException {
    int checked = 0;
    for (ChallengedSymbol s : symbols) {
      Optional<VerifiedBlobMetadata> m = metadata.apply(s.blobId());
      if (m.isEmpty()) {
        LOG.info("{}: no metadata of blob {} to check {}'s symbol against; skipped", logName, s.blobId(), target.name());
        continue;
      }
      Optional<String> failure = check(target, s, m.get(), config);
      if (failure.isPresent() && !stillCertified.test(s.blobId())) {
        LOG.info("{}: blob {} is no longer certified on-chain (deleted or invalidated since it was listed); {}'s "
            + "symbol skipped: {}", logName, s.blobId(), target.name(), failure.get());
        continue;
      }
      if (failure.isPresent()) {
        return new ChallengeOutcome(epoch, target.nodeId(), target.name(), false, checked, failure.get());
      }
      checked++;
    }
    return new ChallengeOutcome(epoch, target.nodeId(), target.name(), true, checked, "");
  }

  /** Why the symbol fails, or empty when the member proved it. */
  private Optional<String> check(CommitteeMember target, ChallengedSymbol s, VerifiedBlobMetadata metadata,
      EncodingConfig config) throws InterruptedException {
    SymbolId id = s.symbolId(config);
    String what = "symbol " + id + " of the " + s.sliverType().pathSegment() + " sliver of pair " + s.pairIndex()
        + " (shard " + s.shard() + ") of blob " + s.blobId();
    long backoff = settings.backoffMillis();
    String last = "";
    for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
      byte[] body;
      try {
        body = peers.recoverySymbols(target.networkAddress(), s.blobId(), List.of(id.toString()), s.sliverType());
      } catch (PeerClient.PeerException e) {
        if (!isTransient(e.status())) {
          return Optional.of(what + ": the member answered HTTP " + e.status());
        }
        last = e.getMessage();
        LOG.debug("{}: {} did not answer {} (attempt {}): {}", logName, target.name(), what, attempt, last);
        if (attempt < settings.attempts()) {
          Thread.sleep(backoff);
          backoff *= 2;
        }
        continue;
      }
      return verify(body, id, s, metadata, config, what);
    }
    return Optional.of(what + ": no answer after " + settings.attempts() + " attempts: " + last);
  }

  private static Optional<String> verify(byte[] body, SymbolId id, ChallengedSymbol s, VerifiedBlobMetadata metadata,
      EncodingConfig config, String what) {
    try {
      List<GeneralRecoverySymbol> answer = GeneralRecoverySymbol.listFromBcs(body);
      if (answer.size() != 1) {
        return Optional.of(what + ": the member sent " + answer.size() + " symbols instead of 1");
      }
      GeneralRecoverySymbol g = answer.get(0);
      if (!g.id().equals(id) || g.sourceType() != s.sliverType()) {
        return Optional.of(what + ": the member sent symbol " + g.id() + " of a " + g.sourceType().pathSegment()
            + " sliver instead");
      }
      g.verify(config, metadata);
      return Optional.empty();
    } catch (InvalidDataException e) {
      return Optional.of(what + ": invalid answer: " + e.getMessage());
    }
  }

  /** Unreachable or timed out (-1), throttled or failing on the server side: worth another try. */
  private static boolean isTransient(int status) {
    return status < 0 || status == 429 || status >= 500;
  }
}
