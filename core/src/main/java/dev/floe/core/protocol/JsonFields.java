package dev.floe.core.protocol;

/**
 * JSON member names of the storage-node API (camelCase, as Walrus's serde renames them). Byte
 * strings in JSON (serialized messages, signatures) are standard base64 with padding.
 */
public final class JsonFields {
  /** Envelope: {@code {"success":{"code":..,"data":..}}}. */
  public static final String SUCCESS = "success";
  /** Envelope: HTTP code inside {@code success} / {@code error}. */
  public static final String CODE = "code";
  /** Envelope: the payload inside {@code success}. */
  public static final String DATA = "data";
  /** Error envelope root. */
  public static final String ERROR = "error";
  /** Error: the general status name. */
  public static final String STATUS = "status";
  /** Error: the message. */
  public static final String MESSAGE = "message";
  /** Error: the detail list. */
  public static final String DETAILS = "details";
  /** Error detail: its type. */
  public static final String TYPE = "@type";
  /** Error detail: the stable reason code. */
  public static final String REASON = "reason";
  /** Error detail: the domain. */
  public static final String DOMAIN = "domain";
  /** Error detail: machine-readable arguments. */
  public static final String METADATA = "metadata";

  /** Storage confirmation: {@code {"signed":{"serializedMessage":..,"signature":..}}}. */
  public static final String SIGNED = "signed";
  /** Signed message: the BCS message (base64). */
  public static final String SERIALIZED_MESSAGE = "serializedMessage";
  /** Signed message: the signature (base64). */
  public static final String SIGNATURE = "signature";
  /** Signed message: the signer's protocol address (hex, Floe addition). */
  public static final String SIGNER = "signer";

  /** Blob status variant names. */
  public static final String NONEXISTENT = "nonexistent";
  /** Blob status variant names. */
  public static final String INVALID = "invalid";
  /** Blob status variant names. */
  public static final String PERMANENT = "permanent";
  /** Blob status variant names. */
  public static final String DELETABLE = "deletable";
  /** Blob status: the event that set the status. */
  public static final String EVENT = "event";
  /** Blob status: exclusive end epoch. */
  public static final String END_EPOCH = "endEpoch";
  /** Blob status: certified flag. */
  public static final String IS_CERTIFIED = "isCertified";
  /** Blob status: the event of the status. */
  public static final String STATUS_EVENT = "statusEvent";
  /** Blob status: deletable counts. */
  public static final String DELETABLE_COUNTS = "deletableCounts";
  /** Blob status: first certification epoch or null. */
  public static final String INITIAL_CERTIFIED_EPOCH = "initialCertifiedEpoch";
  /** Deletable counts. */
  public static final String COUNT_DELETABLE_TOTAL = "countDeletableTotal";
  /** Deletable counts. */
  public static final String COUNT_DELETABLE_CERTIFIED = "countDeletableCertified";
  /** Event reference: block number. */
  public static final String BLOCK_NUMBER = "blockNumber";
  /** Event reference: log index in the block. */
  public static final String LOG_INDEX = "logIndex";

  /** Health. */
  public static final String UPTIME = "uptime";
  /** Health: uptime seconds. */
  public static final String SECS = "secs";
  /** Health: uptime nanoseconds part. */
  public static final String NANOS = "nanos";
  /** Health. */
  public static final String EPOCH = "epoch";
  /** Health: the protocol public key (hex). */
  public static final String PUBLIC_KEY = "publicKey";
  /** Health. */
  public static final String NODE_STATUS = "nodeStatus";
  /** Health. */
  public static final String EVENT_PROGRESS = "eventProgress";
  /** Health: events persisted. */
  public static final String PERSISTED = "persisted";
  /** Health: events pending. */
  public static final String PENDING = "pending";
  /** Health: last finished event index. */
  public static final String HIGHEST_FINISHED_EVENT_INDEX = "highestFinishedEventIndex";
  /** Health. */
  public static final String SHARD_SUMMARY = "shardSummary";
  /** Health: number of owned shards. */
  public static final String OWNED = "owned";
  /** Health: owned shard states. */
  public static final String OWNED_SHARD_STATUS = "ownedShardStatus";
  /** Health: shards held read-only. */
  public static final String READ_ONLY = "readOnly";
  /** Health: shard state counts. */
  public static final String UNKNOWN = "unknown";
  /** Health: shard state counts. */
  public static final String READY = "ready";
  /** Health: shard state counts. */
  public static final String IN_TRANSFER = "inTransfer";
  /** Health: shard state counts. */
  public static final String IN_RECOVERY = "inRecovery";
  /** Health: per-shard details. */
  public static final String SHARD_DETAIL = "shardDetail";
  /** Health: shard index in a detail entry. */
  public static final String SHARD = "shard";
  /** Health: the node's name (Floe addition). */
  public static final String NODE_NAME = "nodeName";

  private JsonFields() {}
}
