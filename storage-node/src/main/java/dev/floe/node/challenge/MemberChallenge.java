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
 * Challenges one member once: asks it for each chosen symbol with its Merkle proof over the
 * recovery-symbol endpoint and verifies the answer against the challenger's own metadata. Transient
 * errors (unreachable, timeout, 429, 5xx) are retried with backoff up to the configured attempts per
 * symbol; a member still not answering after them ends the run as {@link
 * ChallengeOutcome.Result#UNREACHABLE} (retried later in the epoch by {@link ChallengeOutcomes},
 * not a failure yet). A symbol that is missing (404 or another 4xx), malformed, of another position
 * or with a bad proof ends it as {@link ChallengeOutcome.Result#FAILED} at once. A symbol of a blob
 * whose metadata the challenger lacks, or that failed but whose blob the chain no longer holds
 * certified (deleted or invalidated since the challenger listed it), is skipped (not the member's
 * fault).
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

  /** Why a symbol did not pass. */
  private record Miss(ChallengeOutcome.Result result, String reason) {}

  /** Challenges {@code target} for {@code symbols} in {@code epoch} once (one run). Blocking. */
  ChallengeOutcome run(long epoch, CommitteeMember target, List<ChallengedSymbol> symbols, EncodingConfig config)
      throws InterruptedException {
    int checked = 0;
    for (ChallengedSymbol s : symbols) {
      Optional<VerifiedBlobMetadata> m = metadata.apply(s.blobId());
      if (m.isEmpty()) {
        LOG.info("{}: no metadata of blob {} to check {}'s symbol against; skipped", logName, s.blobId(), target.name());
        continue;
      }
      Optional<Miss> miss = check(target, s, m.get(), config);
      if (miss.isPresent() && miss.get().result() == ChallengeOutcome.Result.UNREACHABLE) {
        // a member that does not answer is not judged on this symbol; the whole run is retried later
        return outcome(epoch, target, miss.get().result(), checked, miss.get().reason());
      }
      if (miss.isPresent() && !stillCertified.test(s.blobId())) {
        LOG.info("{}: blob {} is no longer certified on-chain (deleted or invalidated since it was listed); {}'s "
            + "symbol skipped: {}", logName, s.blobId(), target.name(), miss.get().reason());
        continue;
      }
      if (miss.isPresent()) {
        return outcome(epoch, target, miss.get().result(), checked, miss.get().reason());
      }
      checked++;
    }
    return outcome(epoch, target, ChallengeOutcome.Result.PASSED, checked, "");
  }

  private static ChallengeOutcome outcome(long epoch, CommitteeMember target, ChallengeOutcome.Result result,
      int checked, String reason) {
    return new ChallengeOutcome(epoch, target.nodeId(), target.name(), result, checked, reason, 1);
  }

  /** Why the symbol does not pass, or empty when the member proved it. */
  private Optional<Miss> check(CommitteeMember target, ChallengedSymbol s, VerifiedBlobMetadata metadata,
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
          return failed(what + ": the member answered HTTP " + e.status());
        }
        last = e.getMessage();
        LOG.debug("{}: {} did not answer {} (attempt {}): {}", logName, target.name(), what, attempt, last);
        if (attempt < settings.attempts()) {
          Thread.sleep(backoff);
          backoff *= 2;
        }
        continue;
      }
      return verify(body, id, s, metadata, config, what).map(r -> new Miss(ChallengeOutcome.Result.FAILED, r));
    }
    return Optional.of(new Miss(ChallengeOutcome.Result.UNREACHABLE,
        what + ": no answer after " + settings.attempts() + " attempts: " + last));
  }

  private static Optional<Miss> failed(String reason) {
    return Optional.of(new Miss(ChallengeOutcome.Result.FAILED, reason));
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

  /**
   * Unreachable or timed out (-1), throttled or failing on the server side: worth another try, and
   * no proof that the member lost data. Any other status (404 and other 4xx) is a wrong answer.
   */
  private static boolean isTransient(int status) {
    return status < 0 || status == 429 || status >= 500;
  }
}
