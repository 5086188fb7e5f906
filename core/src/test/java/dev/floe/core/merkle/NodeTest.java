package dev.floe.core.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.bcs.BcsWriter;
import dev.floe.core.errors.BcsException;
import dev.floe.core.errors.InvalidSizeException;
import java.util.Arrays;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class NodeTest {

  @Test
  void shouldEncodeBothVariantsAsWalrusDoes() {
    assertThat(Node.EMPTY.isEmpty()).isTrue();
    byte[] emptyBcs = new BcsWriter().writeEnumIndex(0).toByteArray();
    assertThat(emptyBcs).containsExactly(0);
    assertThat(Node.fromBcs(emptyBcs)).isSameAs(Node.EMPTY);
    byte[] value = new byte[32];
    Arrays.fill(value, (byte) 0x5a);
    BcsWriter w = new BcsWriter();
    Node.digest(value).writeBcs(w);
    assertThat(HexFormat.of().formatHex(w.toByteArray())).isEqualTo("01" + "5a".repeat(32));
  }

  @Test
  void shouldCompareDigestsByContentAndKeepThemImmutable() {
    byte[] value = new byte[32];
    value[0] = 1;
    Node.Digest a = Node.digest(value);
    value[0] = 2;
    assertThat(a.bytes()[0]).isEqualTo((byte) 1);
    byte[] copy = a.bytes();
    copy[1] = 9;
    assertThat(a.bytes()[1]).isZero();
    byte[] same = new byte[32];
    same[0] = 1;
    assertThat(a).isEqualTo(Node.digest(same)).hasSameHashCodeAs(Node.digest(same));
    assertThat(a.bytesEqual(new byte[] {7, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 1))
        .isTrue();
    assertThat(Node.EMPTY.bytesEqual(new byte[32], 0)).isTrue();
    assertThat(a.toString()).startsWith("01000000");
  }

  @Test
  void shouldRejectDigestsOfOtherLengthsAndBadVariants() {
    assertThatThrownBy(() -> Node.digest(new byte[31])).isInstanceOf(InvalidSizeException.class);
    assertThatThrownBy(() -> Node.digest((byte[]) null)).isInstanceOf(InvalidSizeException.class);
    assertThatThrownBy(() -> Node.fromBcs(new byte[] {2})).isInstanceOf(BcsException.class);
    assertThatThrownBy(() -> Node.fromBcs(new byte[] {1, 0})).isInstanceOf(BcsException.class).hasMessageContaining("truncated");
    assertThatThrownBy(() -> Node.fromBcs(new byte[] {0, 0})).isInstanceOf(BcsException.class).hasMessageContaining("trailing");
  }

  @Property(tries = 200)
  void digestBcsRoundTrips(@ForAll @Size(value = 32) byte[] value) {
    BcsWriter w = new BcsWriter();
    Node.digest(value).writeBcs(w);
    assertThat(Node.fromBcs(w.toByteArray())).isEqualTo(Node.digest(value));
  }
}
