package dev.floe.node.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.protocol.ErrorReason;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The pending-upload cache: bounded by bytes, rejects when full, frees space when taken. */
class PendingUploadsTest {
  private static BlobId id(int b) {
    byte[] bytes = new byte[32];
    bytes[0] = (byte) b;
    return BlobId.of(bytes);
  }

  @Test
  void boundedByBytesAndReleasedWhenTaken() {
    PendingUploads p = new PendingUploads(10_000, Duration.ofMinutes(1));
    assertThat(p.putMetadata(id(1), new byte[1000])).isTrue();
    assertThat(p.putMetadata(id(1), new byte[1000])).isFalse();
    assertThat(p.putSliver(id(1), 3, SliverType.PRIMARY, new byte[4000])).isTrue();
    assertThat(p.putSliver(id(1), 3, SliverType.PRIMARY, new byte[4000])).isFalse();
    assertThat(p.hasSliver(id(1), 3, SliverType.PRIMARY)).isTrue();
    assertThatThrownBy(() -> p.putSliver(id(1), 4, SliverType.PRIMARY, new byte[6000]))
        .isInstanceOf(NodeException.class)
        .satisfies(e -> assertThat(((NodeException) e).reason()).isEqualTo(ErrorReason.PENDING_CACHE_FULL));
    assertThatThrownBy(() -> p.putSliver(id(2), 0, SliverType.PRIMARY, new byte[10]))
        .satisfies(e -> assertThat(((NodeException) e).reason()).isEqualTo(ErrorReason.METADATA_NOT_STORED));
    long used = p.bytes();
    assertThat(used).isBetween(5000L, 10_000L);
    assertThat(p.take(id(1))).get().satisfies(b -> assertThat(b.slivers()).hasSize(1));
    assertThat(p.bytes()).isZero();
    assertThat(p.putMetadata(id(2), new byte[9000])).isTrue();
  }

  @Test
  void expiredUploadsFreeTheirSpace() throws Exception {
    PendingUploads p = new PendingUploads(2_000, Duration.ofMillis(100));
    p.putMetadata(id(1), new byte[1500]);
    Thread.sleep(300);
    assertThat(p.metadata(id(1))).isEmpty();
    assertThat(p.bytes()).isZero();
    assertThat(p.putMetadata(id(2), new byte[1500])).isTrue();
  }
}
