package dev.floe.core.protocol;

import java.util.Optional;

/**
 * Stable, machine-readable error codes of the storage-node API: the {@code reason} of the
 * {@code ErrorInfo} detail (UPPER_SNAKE, unique within {@link ApiError#DOMAIN}). Clients branch on
 * these, never on messages. Codes are never renamed; new ones may be added.
 */
public enum ErrorReason {
  /** A BCS body could not be decoded (truncated, trailing bytes, bad enum tag...). */
  MALFORMED_BCS(ApiStatus.INVALID_ARGUMENT),
  /** A path or query parameter is malformed (blob ID, index, sliver type, object ID...). */
  INVALID_PARAMETER(ApiStatus.INVALID_ARGUMENT),
  /** Metadata does not hash to the blob ID in the path, or has the wrong number of hashes. */
  INVALID_METADATA(ApiStatus.INVALID_ARGUMENT),
  /** The sliver's Merkle root does not match the metadata. */
  SLIVER_HASH_MISMATCH(ApiStatus.INVALID_ARGUMENT),
  /** The sliver has the wrong length, symbol size or index for the blob. */
  INVALID_SLIVER_SIZE(ApiStatus.INVALID_ARGUMENT),
  /** The sliver body names another sliver (index or type) than the request path. */
  SLIVER_INDEX_MISMATCH(ApiStatus.INVALID_ARGUMENT),
  /** The encoding type is not RS2. */
  UNSUPPORTED_ENCODING_TYPE(ApiStatus.INVALID_ARGUMENT),
  /** A submitted inconsistency proof does not prove an inconsistency. */
  INVALID_INCONSISTENCY_PROOF(ApiStatus.INVALID_ARGUMENT),
  /** The blob is not registered on-chain (or the node has not seen the registration yet). */
  NOT_REGISTERED(ApiStatus.FAILED_PRECONDITION),
  /** The blob's registration has expired (end epoch reached). */
  BLOB_EXPIRED(ApiStatus.FAILED_PRECONDITION),
  /** The blob ID was invalidated on-chain (inconsistent encoding). */
  BLOB_INVALID(ApiStatus.FAILED_PRECONDITION),
  /** The sliver pair belongs to a shard this node does not own in the current epoch. */
  SHARD_NOT_ASSIGNED(ApiStatus.FAILED_PRECONDITION),
  /** A sliver was sent before the blob's metadata. */
  METADATA_NOT_STORED(ApiStatus.FAILED_PRECONDITION),
  /** A confirmation was requested before every owned sliver was stored. */
  NOT_FULLY_STORED(ApiStatus.FAILED_PRECONDITION),
  /** A deletable confirmation names an object ID that is not a live registration of the blob. */
  OBJECT_NOT_REGISTERED(ApiStatus.FAILED_PRECONDITION),
  /** The node knows nothing of this blob. */
  BLOB_NOT_FOUND(ApiStatus.NOT_FOUND),
  /** The node has no metadata for this blob. */
  METADATA_NOT_FOUND(ApiStatus.NOT_FOUND),
  /** The node does not store the requested sliver. */
  SLIVER_NOT_FOUND(ApiStatus.NOT_FOUND),
  /** No route matches the request path. */
  ROUTE_NOT_FOUND(ApiStatus.NOT_FOUND),
  /** The path exists, but not for this HTTP method. */
  METHOD_NOT_ALLOWED(ApiStatus.METHOD_NOT_ALLOWED),
  /** The request body exceeds the limit for this route. */
  PAYLOAD_TOO_LARGE(ApiStatus.PAYLOAD_TOO_LARGE),
  /** The request body arrived slower than the node's minimum upload rate; the connection is closed. */
  BODY_TIMEOUT(ApiStatus.REQUEST_TIMEOUT),
  /** The pending-upload cache is full. */
  PENDING_CACHE_FULL(ApiStatus.RESOURCE_EXHAUSTED),
  /** Too many concurrent symbol or recovery requests; retry with backoff. */
  TOO_MANY_REQUESTS(ApiStatus.UNAVAILABLE),
  /** The node is starting, stopping or catching up with the chain. */
  NODE_NOT_READY(ApiStatus.UNAVAILABLE),
  /** The node cannot read or write its store right now (disk full, I/O error); nothing was acknowledged. */
  STORAGE_UNAVAILABLE(ApiStatus.UNAVAILABLE),
  /** A long-poll for the registration timed out. */
  REGISTRATION_WAIT_TIMEOUT(ApiStatus.DEADLINE_EXCEEDED),
  /** The {@code Authorization} header of a sync shard request is missing or not a protocol public key. */
  INVALID_AUTHORIZATION(ApiStatus.INVALID_ARGUMENT),
  /** A signature is malformed (length, v, high s) or does not recover to a public key. */
  INVALID_SIGNATURE(ApiStatus.INVALID_ARGUMENT),
  /** A valid signature, made by another key than the one the request names. */
  SIGNER_MISMATCH(ApiStatus.PERMISSION_DENIED),
  /** The request is for another epoch than the node's current one. */
  EPOCH_MISMATCH(ApiStatus.FAILED_PRECONDITION),
  /** The requester does not own the requested shard in the current committee. */
  NOT_SHARD_OWNER(ApiStatus.PERMISSION_DENIED),
  /** This node did not own the requested shard in the previous epoch, or no longer holds its data. */
  SHARD_NOT_PREVIOUSLY_OWNED(ApiStatus.FAILED_PRECONDITION),
  /** A sync shard request asks for no slivers or for more than the node serves per request. */
  INVALID_SLIVER_COUNT(ApiStatus.INVALID_ARGUMENT),
  /** An attestation was asked for a member that passed this node's storage challenge (Floe extension). */
  CHALLENGE_PASSED(ApiStatus.ABORTED),
  /** A challenge attestation names no member of the current committee (Floe extension). */
  NOT_COMMITTEE_MEMBER(ApiStatus.FAILED_PRECONDITION),
  /** An unexpected internal failure; the message is generic. */
  INTERNAL_ERROR(ApiStatus.INTERNAL);

  private final ApiStatus status;

  ErrorReason(ApiStatus status) {
    this.status = status;
  }

  /** The general status (and HTTP code) of this reason. */
  public ApiStatus status() {
    return status;
  }

  /** The reason for a wire code, if it is one this version knows. */
  public static Optional<ErrorReason> fromCode(String code) {
    for (ErrorReason r : values()) {
      if (r.name().equals(code)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
