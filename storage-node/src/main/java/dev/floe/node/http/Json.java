package dev.floe.node.http;

import dev.floe.core.messages.SignedMessage;
import dev.floe.core.protocol.ApiError;
import dev.floe.core.protocol.BlobStatusView;
import dev.floe.core.protocol.DeletableCounts;
import dev.floe.core.protocol.EventRef;
import dev.floe.core.protocol.HealthInfo;
import dev.floe.core.protocol.JsonFields;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.Map;
import java.util.OptionalLong;

/** Renders the API's JSON bodies from the {@code core.protocol} records. */
public final class Json {
  private Json() {}

  /** {@code {"success":{"code":code,"data":data}}}. */
  public static JsonObject success(int code, Object data) {
    return new JsonObject().put(JsonFields.SUCCESS, new JsonObject().put(JsonFields.CODE, code).put(JsonFields.DATA, data));
  }

  /** The error envelope. */
  public static JsonObject error(ApiError e) {
    JsonObject info = new JsonObject()
        .put(JsonFields.TYPE, ApiError.ERROR_INFO_TYPE)
        .put(JsonFields.REASON, e.reason())
        .put(JsonFields.DOMAIN, e.domain())
        .put(JsonFields.METADATA, new JsonObject());
    return new JsonObject().put(JsonFields.ERROR, new JsonObject()
        .put(JsonFields.CODE, e.httpCode())
        .put(JsonFields.STATUS, e.status())
        .put(JsonFields.MESSAGE, e.message())
        .put(JsonFields.DETAILS, new JsonArray().add(info)));
  }

  /** {@code {"serializedMessage":b64,"signature":b64}}. */
  public static JsonObject signedMessage(SignedMessage m) {
    Base64.Encoder b64 = Base64.getEncoder();
    return new JsonObject()
        .put(JsonFields.SERIALIZED_MESSAGE, b64.encodeToString(m.message()))
        .put(JsonFields.SIGNATURE, b64.encodeToString(m.signature()));
  }

  /** A storage confirmation: {@code {"signed":{...}}}. */
  public static JsonObject confirmation(SignedMessage m) {
    return new JsonObject().put(JsonFields.SIGNED, signedMessage(m));
  }

  /** The blob status JSON: a string for {@code nonexistent}, else an object with one member. */
  public static Object blobStatus(BlobStatusView view) {
    return switch (view) {
      case BlobStatusView.Nonexistent n -> JsonFields.NONEXISTENT;
      case BlobStatusView.Invalid i ->
          new JsonObject().put(JsonFields.INVALID, new JsonObject().put(JsonFields.EVENT, eventRef(i.event())));
      case BlobStatusView.Permanent p -> new JsonObject().put(JsonFields.PERMANENT, new JsonObject()
          .put(JsonFields.END_EPOCH, p.endEpoch())
          .put(JsonFields.IS_CERTIFIED, p.isCertified())
          .put(JsonFields.STATUS_EVENT, eventRef(p.statusEvent()))
          .put(JsonFields.DELETABLE_COUNTS, counts(p.deletableCounts()))
          .put(JsonFields.INITIAL_CERTIFIED_EPOCH, optional(p.initialCertifiedEpoch())));
      case BlobStatusView.Deletable d -> new JsonObject().put(JsonFields.DELETABLE, new JsonObject()
          .put(JsonFields.INITIAL_CERTIFIED_EPOCH, optional(d.initialCertifiedEpoch()))
          .put(JsonFields.DELETABLE_COUNTS, counts(d.deletableCounts())));
    };
  }

  /** The health JSON. */
  public static JsonObject health(HealthInfo h) {
    HealthInfo.ShardSummary s = h.shardSummary();
    JsonObject out = new JsonObject()
        .put(JsonFields.NODE_NAME, h.nodeName())
        .put(JsonFields.UPTIME, new JsonObject().put(JsonFields.SECS, h.uptime().toSeconds())
            .put(JsonFields.NANOS, h.uptime().toNanosPart()))
        .put(JsonFields.EPOCH, h.epoch())
        .put(JsonFields.PUBLIC_KEY, h.publicKey())
        .put(JsonFields.NODE_STATUS, h.nodeStatus())
        .put(JsonFields.EVENT_PROGRESS, new JsonObject()
            .put(JsonFields.PERSISTED, h.eventProgress().persisted())
            .put(JsonFields.PENDING, h.eventProgress().pending())
            .put(JsonFields.HIGHEST_FINISHED_EVENT_INDEX,
                h.eventProgress().highestFinishedEventIndex() < 0 ? null : h.eventProgress().highestFinishedEventIndex()))
        .put(JsonFields.SHARD_SUMMARY, new JsonObject()
            .put(JsonFields.OWNED, s.owned())
            .put(JsonFields.OWNED_SHARD_STATUS, new JsonObject()
                .put(JsonFields.UNKNOWN, s.unknown())
                .put(JsonFields.READY, s.ready())
                .put(JsonFields.IN_TRANSFER, s.inTransfer())
                .put(JsonFields.IN_RECOVERY, s.inRecovery()))
            .put(JsonFields.READ_ONLY, s.readOnly()));
    if (!h.shardDetail().isEmpty()) {
      JsonArray detail = new JsonArray();
      for (Map.Entry<Integer, String> e : h.shardDetail().entrySet()) {
        detail.add(new JsonObject().put(JsonFields.SHARD, e.getKey()).put(JsonFields.STATUS, e.getValue()));
      }
      out.put(JsonFields.SHARD_DETAIL, new JsonObject().put(JsonFields.OWNED, detail));
    }
    return out;
  }

  private static JsonObject eventRef(EventRef ref) {
    return new JsonObject().put(JsonFields.BLOCK_NUMBER, ref.blockNumber()).put(JsonFields.LOG_INDEX, ref.logIndex());
  }

  private static JsonObject counts(DeletableCounts c) {
    return new JsonObject()
        .put(JsonFields.COUNT_DELETABLE_TOTAL, c.countDeletableTotal())
        .put(JsonFields.COUNT_DELETABLE_CERTIFIED, c.countDeletableCertified());
  }

  private static Long optional(OptionalLong v) {
    return v.isPresent() ? v.getAsLong() : null;
  }
}
