package dev.floe.client.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteRangeTest {
  @Test
  void shouldParseTheThreeForms() {
    assertThat(ByteRange.parse("bytes=0-9", 100)).contains(new ByteRange(0, 9));
    assertThat(ByteRange.parse("bytes=90-", 100)).contains(new ByteRange(90, 99));
    assertThat(ByteRange.parse("bytes=-10", 100)).contains(new ByteRange(90, 99));
    assertThat(ByteRange.parse("bytes=-1000", 100)).contains(new ByteRange(0, 99));
    assertThat(ByteRange.parse("bytes=50-5000", 100)).contains(new ByteRange(50, 99));
    assertThat(ByteRange.parse(null, 100)).isEmpty();
  }

  @Test
  void shouldRejectMalformedRangesAs400AndOutsideRangesAs416() {
    assertBad("items=0-1", false);
    assertBad("bytes=0-1,5-6", false);
    assertBad("bytes=abc", false);
    assertBad("bytes=5-2", false);
    assertBad("bytes=x-2", false);
    assertBad("bytes=100-", true);
    assertBad("bytes=-0", true);
  }

  @Test
  void shouldRefuseAnyRangeOfAnEmptyBlob() {
    assertThatThrownBy(() -> ByteRange.parse("bytes=0-", 0))
        .isInstanceOf(ByteRange.RangeException.class)
        .satisfies(e -> assertThat(((ByteRange.RangeException) e).unsatisfiable()).isTrue());
  }

  private static void assertBad(String header, boolean unsatisfiable) {
    assertThatThrownBy(() -> ByteRange.parse(header, 100))
        .isInstanceOf(ByteRange.RangeException.class)
        .satisfies(e -> assertThat(((ByteRange.RangeException) e).unsatisfiable()).isEqualTo(unsatisfiable));
  }
}
