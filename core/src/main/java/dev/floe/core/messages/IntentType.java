package dev.floe.core.messages;

import dev.floe.core.errors.InvalidSignatureException;

/**
 * What a signed protocol message is for: the first header byte (Walrus messages.rs). A signature
 * made for one intent can never be replayed as another.
 */
public enum IntentType {
  /** Proof that a node holds its protocol key, given at registration. */
  PROOF_OF_POSSESSION(0),
  /** A storage confirmation: the node stores all slivers of a blob for its shards. */
  BLOB_CERTIFICATION(1),
  /** An attestation that a blob ID is inconsistently encoded. */
  INVALID_BLOB_ID(2),
  /** A request to transfer a shard's slivers during an epoch change. */
  SYNC_SHARD(3),
  /** A deny-list update (reserved; Floe does not produce it yet). */
  DENY_LIST_UPDATE(4),
  /** Deletion of a deny-listed blob (reserved). */
  DENY_LIST_BLOB_DELETED(5),
  /** A protocol version change (reserved). */
  PROTOCOL_VERSION(6),
  /**
   * An attestation that a node failed its storage challenge (a Floe extension: Walrus defines
   * intents 0-6 and has no challenge messages; 16 leaves room for upstream additions).
   */
  STORAGE_CHALLENGE_FAILURE(16);

  private final int code;

  IntentType(int code) {
    this.code = code;
  }

  /** The wire byte. */
  public int code() {
    return code;
  }

  /** The intent type with wire byte {@code code}. */
  public static IntentType fromCode(int code) {
    for (IntentType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    throw new InvalidSignatureException("unknown intent type " + code);
  }
}
