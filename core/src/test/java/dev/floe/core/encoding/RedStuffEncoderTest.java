package dev.floe.core.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.blob.VerifiedBlobMetadata;
import dev.floe.core.errors.HashMismatchException;
import dev.floe.core.errors.InvalidDataException;
import dev.floe.core.errors.InvalidSizeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedStuffEncoderTest {
  @TempDir Path dir;

  /** Upstream walrus-core test_v1_blob_id_stability (encoding/blob_encoding.rs). */
  @Test
  void upstreamBlobIdStabilityVector() {
    byte[] blob = "walrus blob id v1 regression test".getBytes(StandardCharsets.US_ASCII);
    assertThat(blob).hasSize(33);
    VerifiedBlobMetadata md = new RedStuffEncoder(new EncodingConfig(10)).computeMetadata(blob);
    assertThat(md.blobId().toBase64()).isEqualTo("RcU82Mwf-CFkv1LaI_2qcpANwpGUuG3TMwnVzZxD2kY");
    assertThat(md.blobId().toHex()).startsWith("45c53cd8");
  }

  /** The static blob IDs pinned by @mysten/walrus-wasm's own tests (test/encoder.test.ts), n = 1000. */
  @Test
  void walrusWasmPackageVectors() {
    RedStuffEncoder encoder = new RedStuffEncoder(new EncodingConfig(1000));
    assertThat(encoder.computeMetadata(new byte[0]).blobId().toHex())
        .isEqualTo("dc63d02f71d936716137f17b97901af97d553ad00ac08b20f73b9693c47cd6fe");
    assertThat(encoder.computeMetadata(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}).blobId().toHex())
        .isEqualTo("865ca48479104a9bdc136f7d6730b7f3920012eccb4e99ba8540b9363766e093");
  }

  @ParameterizedTest(name = "n={0}, {1} bytes")
  @CsvSource({"4, 0", "4, 1", "7, 1000", "10, 33", "13, 12345", "31, 99999", "100, 50001"})
  void sliversHaveTheMatrixLayoutAndVerify(int n, int size) {
    EncodingConfig config = new EncodingConfig(n);
    byte[] blob = random(size, n * 31L + size);
    EncodedBlob e = new RedStuffEncoder(config).encode(blob);
    int s = config.symbolSize(size);
    int rows = config.primarySourceSymbols();
    int cols = config.secondarySourceSymbols();
    byte[] padded = Arrays.copyOf(blob, rows * cols * s);
    for (int r = 0; r < rows; r++) {
      assertThat(e.primary(r).data()).as("systematic primary sliver %d is row %d", r, r)
          .isEqualTo(Arrays.copyOfRange(padded, r * cols * s, (r + 1) * cols * s));
    }
    for (int c = 0; c < cols; c++) {
      byte[] column = e.secondary(c).data();
      for (int r = 0; r < rows; r++) {
        assertThat(Arrays.copyOfRange(column, r * s, (r + 1) * s))
            .isEqualTo(Arrays.copyOfRange(padded, (r * cols + c) * s, (r * cols + c + 1) * s));
      }
    }
    for (int p = 0; p < n; p++) {
      SliverPair pair = e.pair(p);
      pair.checkIndices(config);
      assertThat(pair.primary().symbolCount()).isEqualTo(cols);
      assertThat(pair.secondary().symbolCount()).isEqualTo(rows);
      assertThat(pair.secondary().index()).isEqualTo(n - 1 - p);
    }
    SliverVerifier verifier = new SliverVerifier(config, e.metadata());
    List<SliverData> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(e.primary(i));
      all.add(e.secondary(i));
      verifier.verify(e.primary(i));
      verifier.verify(e.secondary(i));
    }
    assertThat(verifier.verifyAll(all)).containsOnlyNulls();
    // the intersection of primary sliver i and secondary sliver j is one symbol, seen from both sides
    RecoverySymbolProducer fromRow = new RecoverySymbolProducer(config, e.primary(n - 1));
    RecoverySymbolProducer fromColumn = new RecoverySymbolProducer(config, e.secondary(n - 1));
    assertThat(fromRow.decodingSymbol(n - 1).data()).isEqualTo(fromColumn.decodingSymbol(n - 1).data());
  }

  @Test
  void verifierRejectsTamperedAndMisshapenSlivers() {
    EncodingConfig config = new EncodingConfig(10);
    EncodedBlob e = new RedStuffEncoder(config).encode(random(5000, 3));
    SliverVerifier verifier = new SliverVerifier(config, e.metadata());
    byte[] data = e.primary(7).data();
    data[3] ^= 1;
    SliverData tampered = SliverData.of(SliverType.PRIMARY, 7, e.primary(7).symbolSize(), data);
    assertThatThrownBy(() -> verifier.verify(tampered))
        .isInstanceOf(HashMismatchException.class)
        .hasMessageContaining("primary sliver 7");
    SliverData moved = SliverData.of(SliverType.SECONDARY, 3, e.secondary(4).symbolSize(), e.secondary(4).data());
    assertThatThrownBy(() -> verifier.verify(moved)).isInstanceOf(HashMismatchException.class);
    SliverData shortOne =
        SliverData.of(SliverType.PRIMARY, 1, e.primary(1).symbolSize(), Arrays.copyOf(e.primary(1).data(), e.primary(1).length() - e.primary(1).symbolSize()));
    assertThatThrownBy(() -> verifier.verify(shortOne)).isInstanceOf(InvalidSizeException.class).hasMessageContaining("symbols");
    SliverData otherSymbolSize = SliverData.of(SliverType.PRIMARY, 1, 4, new byte[4 * 7]);
    assertThatThrownBy(() -> verifier.verify(otherSymbolSize)).isInstanceOf(InvalidSizeException.class).hasMessageContaining("symbol size");
    SliverData outOfRange = SliverData.of(SliverType.PRIMARY, 10, e.primary(1).symbolSize(), e.primary(1).data());
    assertThatThrownBy(() -> verifier.verify(outOfRange)).isInstanceOf(InvalidSizeException.class).hasMessageContaining("outside");
    List<InvalidDataException> results = verifier.verifyAll(List.of(e.primary(0), tampered, shortOne, e.secondary(2), moved));
    assertThat(results.get(0)).isNull();
    assertThat(results.get(1)).isInstanceOf(HashMismatchException.class);
    assertThat(results.get(2)).isInstanceOf(InvalidSizeException.class);
    assertThat(results.get(3)).isNull();
    assertThat(results.get(4)).isInstanceOf(HashMismatchException.class);
    assertThatThrownBy(() -> verifier.verify(e.primary(2), SliverType.PRIMARY, 3)).isInstanceOf(InvalidDataException.class);
    assertThatThrownBy(() -> new SliverVerifier(new EncodingConfig(13), e.metadata()))
        .isInstanceOf(InvalidSizeException.class)
        .hasMessageContaining("13 shards");
  }

  @Test
  void threadsAndExecutorsDoNotChangeTheOutput() {
    EncodingConfig config = new EncodingConfig(31);
    byte[] blob = random(777_777, 11);
    EncodedBlob one = new RedStuffEncoder(config).withThreads(1).encode(blob);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      EncodedBlob many = new RedStuffEncoder(config).withThreads(4).withExecutor(pool).encode(blob);
      assertThat(many).isEqualTo(one);
    } finally {
      pool.shutdownNow();
    }
    assertThat(new RedStuffEncoder(config).withThreads(2).computeMetadata(blob)).isEqualTo(one.metadata());
  }

  @Test
  void doesNotDeadlockWhenRunOnItsOwnSingleThreadedExecutor() throws Exception {
    EncodingConfig config = new EncodingConfig(10);
    byte[] blob = random(50_000, 12);
    ExecutorService single = Executors.newSingleThreadExecutor();
    try {
      RedStuffEncoder encoder = new RedStuffEncoder(config).withThreads(4).withExecutor(single);
      Future<VerifiedBlobMetadata> result = single.submit(() -> encoder.computeMetadata(blob));
      assertThat(result.get(60, TimeUnit.SECONDS))
          .isEqualTo(new RedStuffEncoder(config).withThreads(1).computeMetadata(blob));
    } finally {
      single.shutdownNow();
    }
  }

  @Test
  void streamsAFileToASinkWithTheSameSliversAsInMemory() throws Exception {
    EncodingConfig config = new EncodingConfig(100);
    byte[] blob = random(1_234_567, 5);
    Path file = dir.resolve("blob");
    Files.write(file, blob);
    EncodedBlob expected = new RedStuffEncoder(config).encode(blob);
    Map<String, SliverView> seenViews = new HashMap<>();
    Map<String, byte[]> bcs = new HashMap<>();
    VerifiedBlobMetadata md;
    try (FileBlobSource source = BlobSource.open(file)) {
      assertThat(source.length()).isEqualTo(blob.length);
      md =
          new RedStuffEncoder(config)
              .withThreads(2)
              .encode(
                  source,
                  view -> {
                    String key = view.type() + "/" + view.index();
                    assertThat(bcs).doesNotContainKey(key);
                    bcs.put(key, toBcs(view));
                    seenViews.put(key, view);
                    assertThat(view.data().remaining()).isEqualTo(view.length());
                    assertThat(view.hash()).isNotNull();
                  });
    }
    assertThat(md).isEqualTo(expected.metadata());
    assertThat(bcs).hasSize(2 * config.nShards());
    for (int i = 0; i < config.nShards(); i++) {
      assertThat(bcs.get("PRIMARY/" + i)).isEqualTo(expected.primary(i).toBcs());
      assertThat(bcs.get("SECONDARY/" + i)).isEqualTo(expected.secondary(i).toBcs());
      assertThat(seenViews.get("PRIMARY/" + i).hash()).isEqualTo(md.hash(i, SliverType.PRIMARY));
      assertThat(seenViews.get("SECONDARY/" + i).hash()).isEqualTo(md.hash(config.secondarySliverIndex(i), SliverType.SECONDARY));
    }
  }

  private static byte[] toBcs(SliverView view) {
    var w = new dev.floe.core.bcs.BcsWriter(view.bcsSize());
    view.writeBcs(w);
    byte[] bytes = w.toByteArray();
    assertThat(bytes).isEqualTo(view.toSliverData().toBcs());
    return bytes;
  }

  @Test
  void sinkFailureAbortsTheEncoding() {
    EncodingConfig config = new EncodingConfig(7);
    RedStuffEncoder encoder = new RedStuffEncoder(config).withThreads(2);
    int[] calls = {0};
    assertThatThrownBy(
            () ->
                encoder.encode(
                    BlobSource.of(random(100_000, 1)),
                    view -> {
                      if (++calls[0] == 3) {
                        throw new IllegalStateException("disk full");
                      }
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("disk full");
  }

  @Test
  void rejectsBlobsLargerThanTheConfigAllows() {
    EncodingConfig config = new EncodingConfig(4);
    BlobSource huge =
        new BlobSource() {
          @Override
          public long length() {
            return config.maxBlobSize() + 1;
          }

          @Override
          public void read(long position, byte[] dst, int off, int len) {
            throw new AssertionError("must not read");
          }
        };
    assertThatThrownBy(() -> new RedStuffEncoder(config).computeMetadata(huge))
        .isInstanceOf(InvalidSizeException.class)
        .hasMessageContaining("exceeds the maximum");
    assertThatThrownBy(() -> new RedStuffEncoder(config).withThreads(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void largestBlobOfASmallConfigEncodes() {
    EncodingConfig config = new EncodingConfig(4);
    byte[] blob = random((int) config.maxBlobSize(), 9);
    EncodedBlob e = new RedStuffEncoder(config).encode(blob);
    assertThat(e.primary(0).symbolSize()).isEqualTo(EncodingConfig.MAX_SYMBOL_SIZE);
    List<SliverData> slivers = List.of(e.primary(3), e.primary(2));
    assertThat(new RedStuffDecoder(config).decode(e.metadata(), slivers)).isEqualTo(blob);
  }

  static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }
}
