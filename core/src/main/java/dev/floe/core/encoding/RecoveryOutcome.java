package dev.floe.core.encoding;

import java.util.Objects;

/**
 * The result of {@link SliverRecovery#recover()}: the rebuilt sliver, if it matches the metadata,
 * or else an {@link InconsistencyProof} that shows the blob was encoded inconsistently.
 */
public sealed interface RecoveryOutcome permits RecoveryOutcome.Recovered, RecoveryOutcome.Inconsistent {
  /**
   * The sliver was rebuilt and its Merkle root equals the metadata's hash.
   *
   * @param sliver the rebuilt sliver
   */
  record Recovered(SliverData sliver) implements RecoveryOutcome {
    /** Rejects null. */
    public Recovered {
      Objects.requireNonNull(sliver, "sliver");
    }
  }

  /**
   * The symbols decode to a sliver that does not match the metadata.
   *
   * @param proof the proof to send to the other storage nodes
   */
  record Inconsistent(InconsistencyProof proof) implements RecoveryOutcome {
    /** Rejects null. */
    public Inconsistent {
      Objects.requireNonNull(proof, "proof");
    }
  }
}
