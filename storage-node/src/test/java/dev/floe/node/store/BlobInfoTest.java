package dev.floe.node.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.errors.BcsException;
import dev.floe.core.protocol.BlobStatusView;
import dev.floe.core.protocol.DeletableCounts;
import dev.floe.core.protocol.EventRef;
import java.util.Arrays;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Blob info transitions, the API status derived from them, and the persisted form. */
class BlobInfoTest {
  private static byte[] object(int b) {
    byte[] id = new byte[32];
    Arrays.fill(id, (byte) b);
    return id;
  }

  @Test
  void tracksRegistrationsCertificationDeletionAndExpiry() {
    BlobInfo info = BlobInfo.registered(100, new Registration(object(1), false, 1, 4, -1), new EventRef(10, 0));
    assertThat(info.isRegisteredAt(3)).isTrue();
    assertThat(info.isRegisteredAt(4)).as("end epoch is exclusive").isFalse();
    assertThat(info.isCertifiedAt(1)).isFalse();
    info = info.withRegistration(new Registration(object(2), true, 2, 9, -1), new EventRef(11, 0));
    info = info.withCertified(object(2), true, 3, 9, new EventRef(12, 0));
    assertThat(info.isCertifiedAt(3)).isTrue();
    assertThat(info.statusAt(3)).isEqualTo(new BlobStatusView.Permanent(4, false, new EventRef(12, 0),
        new DeletableCounts(1, 1), OptionalLong.of(3)));
    assertThat(info.statusAt(5)).isEqualTo(new BlobStatusView.Deletable(OptionalLong.of(3), new DeletableCounts(1, 1)));
    BlobInfo deleted = info.withDeleted(object(2), new EventRef(13, 0));
    assertThat(deleted.isRegisteredAt(5)).isFalse();
    assertThat(deleted.statusAt(5)).isEqualTo(new BlobStatusView.Nonexistent());
    assertThat(info.expiredBy(5).registrations()).hasSize(1);
    BlobInfo invalid = info.invalidated(new EventRef(14, 2));
    assertThat(invalid.isRegisteredAt(3)).isFalse();
    assertThat(invalid.statusAt(3)).isEqualTo(new BlobStatusView.Invalid(new EventRef(14, 2)));
  }

  @Test
  void certificationOfAnUnseenRegistrationAddsIt() {
    BlobInfo info = new BlobInfo(0, java.util.List.of(), -1, java.util.Optional.empty(), new EventRef(1, 0))
        .withCertified(object(7), false, 2, 6, new EventRef(2, 0));
    assertThat(info.isCertifiedAt(5)).isTrue();
    assertThat(info.liveRegistration(object(7), 5)).isPresent();
  }

  @Test
  void roundTripsAndRejectsCorruptBytes() {
    BlobInfo info = BlobInfo.registered(1L << 40, new Registration(object(3), true, 1, 53, -1), new EventRef(5, 6))
        .withCertified(object(3), true, 2, 53, new EventRef(7, 8))
        .invalidated(new EventRef(9, 10));
    byte[] bytes = info.toBytes();
    assertThat(BlobInfo.fromBytes(bytes)).isEqualTo(info);
    assertThatThrownBy(() -> BlobInfo.fromBytes(Arrays.copyOf(bytes, bytes.length - 1))).isInstanceOf(BcsException.class);
    byte[] extended = Arrays.copyOf(bytes, bytes.length + 1);
    assertThatThrownBy(() -> BlobInfo.fromBytes(extended)).isInstanceOf(BcsException.class);
    byte[] version = bytes.clone();
    version[0] = 9;
    assertThatThrownBy(() -> BlobInfo.fromBytes(version)).hasMessageContaining("version");
  }
}
