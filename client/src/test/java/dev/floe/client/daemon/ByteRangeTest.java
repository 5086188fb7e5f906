package dev.floe.client.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ByteRangeTest {
  @Test
  void shouldParseTheThreeForms() {
    assertThat(ByteRange.parse("bytes=0-9", 100)).containsExactly(new ByteRange(0, 9));
    assertThat(ByteRange.parse("bytes=90-", 100)).containsExactly(new ByteRange(90, 99));
    assertThat(ByteRange.parse("bytes=-10", 100)).containsExactly(new ByteRange(90, 99));
    assertThat(ByteRange.parse("bytes=-1000", 100)).containsExactly(new ByteRange(0, 99));
    assertThat(ByteRange.parse("bytes=50-5000", 100)).containsExactly(new ByteRange(50, 99));
    assertThat(ByteRange.parse("Bytes=1-2", 100)).containsExactly(new ByteRange(1, 2));
    assertThat(ByteRange.parse(null, 100)).isEmpty();
    assertThat(ByteRange.parse("  ", 100)).isEmpty();
  }

  @Test
  void shouldParseSeveralRangesInTheirHeaderOrder() {
    assertThat(ByteRange.parse("bytes=50-59, 0-9,-5", 100))
        .containsExactly(new ByteRange(50, 59), new ByteRange(0, 9), new ByteRange(95, 99));
    assertThat(ByteRange.parse("bytes=1-2,,4-5", 100)).as("empty list elements are allowed (RFC 9110 §5.6.1)")
        .containsExactly(new ByteRange(1, 2), new ByteRange(4, 5));
  }

  @Test
  void shouldCoalesceOverlappingAndAdjacentRangesKeepingTheEarliestPosition() {
    assertThat(ByteRange.parse("bytes=40-49,0-9,5-14,15-19", 100))
        .containsExactly(new ByteRange(40, 49), new ByteRange(0, 19));
    assertThat(ByteRange.parse("bytes=60-,-50,0-0", 100))
        .containsExactly(new ByteRange(50, 99), new ByteRange(0, 0));
    assertThat(ByteRange.parse("bytes=0-99,10-20", 100)).containsExactly(new ByteRange(0, 99));
  }

  @Test
  void shouldDropUnsatisfiableRangesAndRefuseOnlyWhenNoneIsLeft() {
    assertThat(ByteRange.parse("bytes=200-300,1-2,-0", 100)).containsExactly(new ByteRange(1, 2));
    assertBad("bytes=100-,200-", true);
  }

  @Test
  void shouldAcceptUpToSixteenRangesAndRefuseMore() {
    StringBuilder sixteen = new StringBuilder("bytes=0-0");
    for (int i = 1; i < ByteRange.MAX_RANGES; i++) {
      sixteen.append(',').append(2 * i).append('-').append(2 * i);
    }
    List<ByteRange> parsed = ByteRange.parse(sixteen.toString(), 100);
    assertThat(parsed).hasSize(16).contains(new ByteRange(30, 30));
    assertThatThrownBy(() -> ByteRange.parse(sixteen + ",40-40", 100))
        .isInstanceOf(ByteRange.RangeException.class)
        .hasMessageContaining("at most 16 ranges")
        .satisfies(e -> assertThat(((ByteRange.RangeException) e).unsatisfiable()).isFalse());
  }

  @Test
  void shouldRejectMalformedRangesAs400AndOutsideRangesAs416() {
    assertBad("bytes=abc", false);
    assertBad("bytes=5-2", false);
    assertBad("bytes=x-2", false);
    assertBad("bytes=1-2,x-3", false);
    assertBad("bytes=,", false);
    assertBad("bytes=+1-2", false);
    assertBad("bytes=100-", true);
    assertBad("bytes=-0", true);
  }

  @Test
  void shouldIgnoreARangeHeaderOfAnotherUnit() {
    assertThat(ByteRange.parse("items=0-1", 100)).as("RFC 9110 §14.2: MUST ignore an unknown range unit").isEmpty();
    assertThat(ByteRange.parse("pages=1", 100)).isEmpty();
  }

  @Test
  void shouldTreatBoundsBeyondALongAsPastTheEndNotAsMalformed() {
    String huge = "99999999999999999999999999";
    assertThat(ByteRange.parse("bytes=10-" + huge, 100)).as("RFC 9110 §14.1.2: a last-pos past the end means the rest")
        .containsExactly(new ByteRange(10, 99));
    assertThat(ByteRange.parse("bytes=-" + huge, 100)).as("a suffix longer than the blob means all of it")
        .containsExactly(new ByteRange(0, 99));
    assertThat(ByteRange.parse("bytes=0000000000000000000000000005-0000000000000000000000000007", 100))
        .containsExactly(new ByteRange(5, 7));
    assertBad("bytes=" + huge + "-", true);
    assertBad("bytes=" + huge + "-" + huge + "9", true);
  }

  @Test
  void shouldRefuseAnyRangeOfAnEmptyBlob() {
    assertBad("bytes=0-", 0, true);
    assertBad("bytes=-5", 0, true);
  }

  private static void assertBad(String header, boolean unsatisfiable) {
    assertBad(header, 100, unsatisfiable);
  }

  private static void assertBad(String header, long size, boolean unsatisfiable) {
    assertThatThrownBy(() -> ByteRange.parse(header, size))
        .isInstanceOf(ByteRange.RangeException.class)
        .satisfies(e -> assertThat(((ByteRange.RangeException) e).unsatisfiable()).isEqualTo(unsatisfiable));
  }
}
