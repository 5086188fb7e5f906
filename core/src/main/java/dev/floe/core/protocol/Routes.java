package dev.floe.core.protocol;

import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.errors.InvalidDataException;
import java.util.List;
import java.util.Locale;

/**
 * The storage-node REST paths (Walrus storage-node API, walrus-protocol.md §3), as templates with
 * {@code {name}} placeholders and as builders for concrete paths.
 *
 * <p>{@code {blob_id}} is the URL-safe base64 blob ID, {@code {sliver_pair_index}} the u16 sliver
 * pair index (never a shard index), {@code {sliver_type}} is {@code primary} or {@code secondary},
 * {@code {object_id}} the 32-byte on-chain registration object ID as 64 hex digits.
 */
public final class Routes {
  /** Version prefix of every storage-node route. */
  public static final String PREFIX = "/v1";

  /** Path parameter: blob ID (base64url). */
  public static final String BLOB_ID = "blob_id";
  /** Path parameter: sliver pair index (u16). */
  public static final String SLIVER_PAIR_INDEX = "sliver_pair_index";
  /** Path parameter: {@code primary} or {@code secondary}. */
  public static final String SLIVER_TYPE = "sliver_type";
  /** Path parameter: registration object ID (hex). */
  public static final String OBJECT_ID = "object_id";

  /** GET: BCS {@code BlobMetadataWithId}; PUT: BCS {@code BlobMetadata}. */
  public static final String METADATA = PREFIX + "/blobs/{blob_id}/metadata";
  /** GET: JSON {@link StorageStatus} of the metadata. */
  public static final String METADATA_STATUS = METADATA + "/status";
  /** GET/PUT: BCS {@code SliverData}. */
  public static final String SLIVER = PREFIX + "/blobs/{blob_id}/slivers/{sliver_pair_index}/{sliver_type}";
  /** GET: JSON {@link StorageStatus} of one sliver. */
  public static final String SLIVER_STATUS = SLIVER + "/status";
  /** GET: JSON signed storage confirmation for the permanent registration. */
  public static final String PERMANENT_CONFIRMATION = PREFIX + "/blobs/{blob_id}/confirmation/permanent";
  /** GET: JSON signed storage confirmation for one deletable registration. */
  public static final String DELETABLE_CONFIRMATION =
      PREFIX + "/blobs/{blob_id}/confirmation/deletable/{object_id}";
  /** GET: BCS {@code Vec<GeneralRecoverySymbol>} with Merkle proofs. */
  public static final String RECOVERY_SYMBOLS = PREFIX + "/blobs/{blob_id}/recoverySymbols";
  /** GET: BCS {@code BTreeMap<u16, Vec<EitherDecodingSymbol>>}, no proofs. */
  public static final String DECODING_SYMBOLS = PREFIX + "/blobs/{blob_id}/decodingSymbols";
  /** POST: BCS {@code InconsistencyProof}; answers a JSON signed {@code InvalidBlobId} attestation. */
  public static final String INCONSISTENCY_PROOF = PREFIX + "/blobs/{blob_id}/inconsistencyProof/{sliver_type}";
  /** GET: JSON {@link BlobStatusView}. */
  public static final String BLOB_STATUS = PREFIX + "/blobs/{blob_id}/status";
  /** GET: JSON {@link HealthInfo}. */
  public static final String HEALTH = PREFIX + "/health";
  /** POST: shard migration; header {@code Authorization}, BCS {@code SignedSyncShardRequest} (walrus-protocol.md §3). */
  public static final String SYNC_SHARD = PREFIX + "/migrate/sync_shard";
  /** {@code POST /v1/challenges/attest}: a Floe extension (storage challenges), not a Walrus route. */
  public static final String CHALLENGE_ATTEST = PREFIX + "/challenges/attest";

  /** Every route template this contract defines, in a stable order. */
  public static final List<String> ALL =
      List.of(
          METADATA,
          METADATA_STATUS,
          SLIVER,
          SLIVER_STATUS,
          PERMANENT_CONFIRMATION,
          DELETABLE_CONFIRMATION,
          RECOVERY_SYMBOLS,
          DECODING_SYMBOLS,
          INCONSISTENCY_PROOF,
          BLOB_STATUS,
          HEALTH,
          SYNC_SHARD);

  private Routes() {}

  /** {@code /v1/blobs/<id>/metadata}. */
  public static String metadata(BlobId blobId) {
    return blob(blobId) + "/metadata";
  }

  /** {@code /v1/blobs/<id>/metadata/status}. */
  public static String metadataStatus(BlobId blobId) {
    return metadata(blobId) + "/status";
  }

  /** {@code /v1/blobs/<id>/slivers/<pair>/<type>}. */
  public static String sliver(BlobId blobId, int pairIndex, SliverType type) {
    checkU16(pairIndex, "sliver pair index");
    return blob(blobId) + "/slivers/" + pairIndex + "/" + sliverTypeName(type);
  }

  /** {@code /v1/blobs/<id>/slivers/<pair>/<type>/status}. */
  public static String sliverStatus(BlobId blobId, int pairIndex, SliverType type) {
    return sliver(blobId, pairIndex, type) + "/status";
  }

  /** {@code /v1/blobs/<id>/confirmation/permanent}. */
  public static String permanentConfirmation(BlobId blobId) {
    return blob(blobId) + "/confirmation/permanent";
  }

  /** {@code /v1/blobs/<id>/confirmation/deletable/<object id hex>}. */
  public static String deletableConfirmation(BlobId blobId, byte[] objectId) {
    return blob(blobId) + "/confirmation/deletable/" + ObjectIds.toHex(objectId);
  }

  /** {@code /v1/blobs/<id>/recoverySymbols} (add the query with {@link QueryParams}). */
  public static String recoverySymbols(BlobId blobId) {
    return blob(blobId) + "/recoverySymbols";
  }

  /** {@code /v1/blobs/<id>/decodingSymbols} (add the query with {@link QueryParams}). */
  public static String decodingSymbols(BlobId blobId) {
    return blob(blobId) + "/decodingSymbols";
  }

  /** {@code /v1/blobs/<id>/inconsistencyProof/<type>}; type is the axis of the inconsistent sliver. */
  public static String inconsistencyProof(BlobId blobId, SliverType type) {
    return blob(blobId) + "/inconsistencyProof/" + sliverTypeName(type);
  }

  /** {@code /v1/blobs/<id>/status}. */
  public static String blobStatus(BlobId blobId) {
    return blob(blobId) + "/status";
  }

  /** The wire name of a sliver type: {@code primary} or {@code secondary}. */
  public static String sliverTypeName(SliverType type) {
    return type.name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code primary} / {@code secondary} (case-insensitive). */
  public static SliverType parseSliverType(String text) {
    if (text != null) {
      switch (text.toLowerCase(Locale.ROOT)) {
        case "primary":
          return SliverType.PRIMARY;
        case "secondary":
          return SliverType.SECONDARY;
        default:
          break;
      }
    }
    throw new InvalidDataException(
        "sliver type must be 'primary' or 'secondary', got '" + abbreviate(text) + "'");
  }

  /** Parses a decimal u16 (a sliver pair index or sliver index) from a path or query. */
  public static int parseU16(String text, String what) {
    if (text == null || text.isEmpty() || text.length() > 5) {
      throw new InvalidDataException(what + " must be an integer in [0, 65535], got '" + abbreviate(text) + "'");
    }
    int value = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw new InvalidDataException(what + " must be an integer in [0, 65535], got '" + abbreviate(text) + "'");
      }
      value = value * 10 + (c - '0');
    }
    checkU16(value, what);
    return value;
  }

  private static String blob(BlobId blobId) {
    return PREFIX + "/blobs/" + blobId.toBase64();
  }

  private static void checkU16(int value, String what) {
    if (value < 0 || value > 0xFFFF) {
      throw new InvalidDataException(what + " must be in [0, 65535], got " + value);
    }
  }

  static String abbreviate(String s) {
    if (s == null) {
      return "null";
    }
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
