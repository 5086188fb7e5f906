package dev.floe.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.errors.InvalidDataException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Route templates and builders agree with walrus-protocol.md §3; parsers reject bad input. */
class RoutesTest {
  private static final BlobId ID = BlobId.parseHex("00".repeat(31) + "ff");

  @Test
  void buildersFillTheTemplates() {
    String b = ID.toBase64();
    assertThat(Routes.metadata(ID)).isEqualTo(fill(Routes.METADATA, b)).isEqualTo("/v1/blobs/" + b + "/metadata");
    assertThat(Routes.metadataStatus(ID)).isEqualTo(fill(Routes.METADATA_STATUS, b));
    assertThat(Routes.sliver(ID, 7, SliverType.SECONDARY))
        .isEqualTo(fill(Routes.SLIVER, b).replace("{sliver_pair_index}", "7").replace("{sliver_type}", "secondary"));
    assertThat(Routes.sliverStatus(ID, 0, SliverType.PRIMARY)).isEqualTo("/v1/blobs/" + b + "/slivers/0/primary/status");
    assertThat(Routes.permanentConfirmation(ID)).isEqualTo(fill(Routes.PERMANENT_CONFIRMATION, b));
    byte[] object = new byte[32];
    Arrays.fill(object, (byte) 0xab);
    assertThat(Routes.deletableConfirmation(ID, object))
        .isEqualTo(fill(Routes.DELETABLE_CONFIRMATION, b).replace("{object_id}", "ab".repeat(32)));
    assertThat(Routes.recoverySymbols(ID)).isEqualTo(fill(Routes.RECOVERY_SYMBOLS, b));
    assertThat(Routes.decodingSymbols(ID)).isEqualTo(fill(Routes.DECODING_SYMBOLS, b));
    assertThat(Routes.inconsistencyProof(ID, SliverType.PRIMARY))
        .isEqualTo(fill(Routes.INCONSISTENCY_PROOF, b).replace("{sliver_type}", "primary"));
    assertThat(Routes.blobStatus(ID)).isEqualTo(fill(Routes.BLOB_STATUS, b));
    assertThat(Routes.ALL).allMatch(r -> r.startsWith("/v1/")).doesNotHaveDuplicates();
  }

  @Test
  void parsersRejectWhatIsNotOnTheWire() {
    assertThat(Routes.parseSliverType("Primary")).isEqualTo(SliverType.PRIMARY);
    assertThat(Routes.parseU16("65535", "x")).isEqualTo(65535);
    assertThatThrownBy(() -> Routes.parseSliverType("tertiary")).isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("tertiary");
    for (String bad : new String[] {"", "-1", "65536", "1e3", "0x10", "123456"}) {
      assertThatThrownBy(() -> Routes.parseU16(bad, "pair index")).isInstanceOf(InvalidDataException.class)
          .hasMessageContaining("pair index");
    }
    assertThatThrownBy(() -> Routes.sliver(ID, 70_000, SliverType.PRIMARY)).isInstanceOf(InvalidDataException.class);
    assertThatThrownBy(() -> ObjectIds.parse("abc")).isInstanceOf(InvalidDataException.class);
    assertThat(ObjectIds.parse("0x" + "01".repeat(32))).hasSize(32);
    assertThat(StorageStatus.fromWireName("buffered")).isEqualTo(StorageStatus.BUFFERED);
    assertThatThrownBy(() -> StorageStatus.fromWireName("lost")).isInstanceOf(InvalidDataException.class);
  }

  @Test
  void errorReasonsHaveStableStatusesAndCodes() {
    ApiError e = ApiError.of(ErrorReason.SHARD_NOT_ASSIGNED, "shard 3 is not here");
    assertThat(e.httpCode()).isEqualTo(400);
    assertThat(e.status()).isEqualTo("FAILED_PRECONDITION");
    assertThat(e.reason()).isEqualTo("SHARD_NOT_ASSIGNED");
    assertThat(e.domain()).isEqualTo(ApiError.DOMAIN);
    assertThat(e.knownReason()).contains(ErrorReason.SHARD_NOT_ASSIGNED);
    assertThat(ErrorReason.fromCode("NO_SUCH_REASON")).isEmpty();
    assertThat(ErrorReason.TOO_MANY_REQUESTS.status().httpCode()).isEqualTo(503);
    assertThat(ErrorReason.PAYLOAD_TOO_LARGE.status().httpCode()).isEqualTo(413);
    assertThat(ErrorReason.METADATA_NOT_FOUND.status().httpCode()).isEqualTo(404);
    for (ErrorReason r : ErrorReason.values()) {
      assertThat(r.name()).matches("[A-Z][A-Z0-9_]*");
    }
  }

  private static String fill(String template, String blobId) {
    return template.replace("{blob_id}", blobId);
  }
}
