package dev.floe.core.messages;

import dev.floe.core.crypto.Keccak256;
import dev.floe.core.crypto.ProtocolKeyPair;
import dev.floe.core.errors.BcsException;
import dev.floe.core.errors.InvalidDataException;
import dev.floe.core.errors.InvalidSignatureException;
import java.util.Objects;

/**
 * The body of {@code POST /v1/migrate/sync_shard} (Walrus {@code SignedSyncShardRequest}): a {@link
 * SyncShardRequest} signed with the requester's protocol key, as BCS {@code {serialized_message:
 * Vec<u8>, signature: Vec<u8>}} ({@link SignedMessage}). Floe signs with secp256k1 over {@code
 * keccak256(serialized_message)}, exactly as storage confirmations are signed. Immutable.
 *
 * @param signed the signed bytes and the signature
 * @param request the request parsed from the signed bytes
 */
public record SignedSyncShardRequest(SignedMessage signed, SyncShardRequest request) {
  /** Checks that {@code request} is what {@code signed} carries. */
  public SignedSyncShardRequest {
    Objects.requireNonNull(signed, "signed");
    Objects.requireNonNull(request, "request");
    if (!request.equals(SyncShardRequest.parse(signed.message()))) {
      throw new InvalidDataException("the signed bytes do not carry the given sync shard request");
    }
  }

  /** Signs {@code request} with {@code key}. */
  public static SignedSyncShardRequest sign(SyncShardRequest request, ProtocolKeyPair key) {
    return new SignedSyncShardRequest(SignedMessage.sign(request, key), request);
  }

  /**
   * Decodes a request body: the signed message, then the request in it.
   *
   * @throws BcsException for malformed BCS, trailing bytes or an oversized signature
   * @throws InvalidSignatureException when the signed bytes are another intent's message or the
   *     body epoch differs from the header epoch
   */
  public static SignedSyncShardRequest fromBcs(byte[] bcs) {
    SignedMessage signed = SignedMessage.fromBcs(bcs);
    return new SignedSyncShardRequest(signed, SyncShardRequest.parse(signed.message()));
  }

  /** The BCS body. */
  public byte[] toBcs() {
    return signed.toBcs();
  }

  /**
   * The 64-byte public key {@code x ‖ y} whose signature this is.
   *
   * @throws InvalidSignatureException for a malformed, high-s or unrecoverable signature
   */
  public byte[] recoverPublicKey() {
    return ProtocolKeyPair.recoverPublicKeyFromDigest(Keccak256.hash(signed.message()), signed.signature());
  }

  /** Whether the key with the 64-byte public key {@code publicKey} made the signature. */
  public boolean isSignedBy(byte[] publicKey) {
    try {
      return java.util.Arrays.equals(recoverPublicKey(), publicKey);
    } catch (InvalidSignatureException e) {
      return false;
    }
  }
}
