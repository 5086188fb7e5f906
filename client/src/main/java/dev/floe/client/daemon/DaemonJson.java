package dev.floe.client.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.client.StoreResult;
import dev.floe.controlplane.BlobObject;
import dev.floe.core.protocol.ApiError;
import dev.floe.core.protocol.JsonFields;
import java.util.HexFormat;

/**
 * The JSON bodies of the publisher/aggregator, in the shapes of Walrus's daemon (walrus-protocol.md
 * §6.2): {@code {"newlyCreated":{"blobObject":{..},"resourceOperation":{..},"cost":..}}}, {@code
 * {"alreadyCertified":{"blobId":..,"event":{..},"endEpoch":..}}}, {@code {"markedInvalid":{..}}} and
 * the error envelope of the storage-node API. Object IDs are {@code 0x}-prefixed hex.
 */
public final class DaemonJson {
  /** Shared mapper (thread-safe once configured). */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private DaemonJson() {}

  /** The body of a successful store. */
  public static ObjectNode storeResult(StoreResult result) {
    ObjectNode root = MAPPER.createObjectNode();
    switch (result) {
      case StoreResult.NewlyCreated created -> {
        ObjectNode body = root.putObject("newlyCreated");
        body.set("blobObject", blobObject(created.blobObject()));
        if (created.operation().reusedRegistration()) {
          body.putObject("resourceOperation").putObject("reuseRegistration")
              .put("encodedLength", created.operation().encodedLength());
        } else {
          ObjectNode op = body.putObject("resourceOperation").putObject("registerFromScratch");
          op.put("encodedLength", created.operation().encodedLength());
          op.put("epochsAhead", created.operation().epochsAhead());
        }
        body.put("cost", created.cost());
      }
      case StoreResult.AlreadyCertified certified -> {
        ObjectNode body = root.putObject("alreadyCertified");
        body.put("blobId", certified.blobId().toBase64());
        ObjectNode event = body.putObject("event");
        event.put(JsonFields.BLOCK_NUMBER, certified.blockNumber());
        event.put(JsonFields.LOG_INDEX, certified.logIndex());
        body.put("endEpoch", certified.endEpoch());
      }
      case StoreResult.MarkedInvalid invalid -> {
        ObjectNode body = root.putObject("markedInvalid");
        body.put("blobId", invalid.blobId().toBase64());
      }
    }
    return root;
  }

  /** A registration in Walrus's {@code blobObject} shape. */
  public static ObjectNode blobObject(BlobObject blob) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("id", "0x" + blob.objectId().toHex());
    o.put("registeredEpoch", blob.registeredEpoch());
    o.put("blobId", blob.blobId().toBase64());
    o.put("size", blob.unencodedSize());
    o.put("encodingType", blob.encodingType().name());
    if (blob.certifiedEpoch().isPresent()) {
      o.put("certifiedEpoch", blob.certifiedEpoch().getAsInt());
    } else {
      o.putNull("certifiedEpoch");
    }
    ObjectNode storage = o.putObject("storage");
    storage.put("id", "0x" + blob.storageId().toHex());
    storage.put("startEpoch", blob.registeredEpoch());
    storage.put("endEpoch", blob.endEpoch());
    storage.put("storageSize", blob.storageSize());
    o.put("deletable", blob.deletable());
    return o;
  }

  /** The error envelope {@code {"error":{"code","status","message","details":[ErrorInfo]}}}. */
  public static ObjectNode error(int httpCode, String status, String reason, String message) {
    ObjectNode root = MAPPER.createObjectNode();
    ObjectNode error = root.putObject(JsonFields.ERROR);
    error.put(JsonFields.CODE, httpCode);
    error.put(JsonFields.STATUS, status);
    error.put(JsonFields.MESSAGE, message);
    ArrayNode details = error.putArray(JsonFields.DETAILS);
    ObjectNode info = details.addObject();
    info.put(JsonFields.TYPE, ApiError.ERROR_INFO_TYPE);
    info.put(JsonFields.REASON, reason);
    info.put(JsonFields.DOMAIN, ApiError.DOMAIN);
    return root;
  }

  /** {@code 0x} + lower-case hex. */
  public static String hex(byte[] bytes) {
    return "0x" + HexFormat.of().formatHex(bytes);
  }
}
