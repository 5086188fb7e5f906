package dev.floe.core.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.core.blob.VerifiedBlobMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Differential tests against Walrus's own encoder (walrus-core as WebAssembly, run by Node): for
 * many blob sizes and shard counts the blob ID, every sliver hash and every BCS sliver byte must
 * equal Walrus's; Walrus must decode Floe's primary slivers and Floe must decode Walrus's.
 */
class WalrusDifferentialTest {
  private static final HexFormat HEX = HexFormat.of();

  @TempDir Path dir;

  @ParameterizedTest(name = "n = {0}")
  @ValueSource(ints = {4, 7, 10, 31, 100, 301, 1000})
  void smallBlobsMatchWalrusByteForByte(int n) throws Exception {
    Random random = new Random(1000L + n);
    List<Integer> sizes = new ArrayList<>(List.of(0, 1, 33));
    if (n < 1000) {
      sizes.add(35 + 2 * random.nextInt(2000)); // odd
      sizes.add(4001 + 2 * random.nextInt(50_000)); // odd
      sizes.add(2 * (1 + random.nextInt(20_000))); // even
    } else {
      // every blob up to 445,556 bytes has 2-byte symbols at n = 1000; this one has 4
      sizes.add(500_001);
    }
    compareWithWalrus(n, sizes, random);
  }

  @Test
  void megabyteBlobsMatchWalrus() throws Exception {
    Random random = new Random(7);
    compareWithWalrus(1000, List.of(3 * 1024 * 1024 + 1), random);
    compareWithWalrus(100, List.of(2 * 1024 * 1024 + 7), random);
    compareWithWalrus(10, List.of(1024 * 1024 + 3), random);
  }

  private void compareWithWalrus(int n, List<Integer> sizes, Random random) throws Exception {
    EncodingConfig config = new EncodingConfig(n);
    RedStuffEncoder encoder = new RedStuffEncoder(config);
    WalrusOracle oracle = new WalrusOracle();
    List<byte[]> blobs = new ArrayList<>();
    List<Map<String, Object>> encodeCommands = new ArrayList<>();
    for (int i = 0; i < sizes.size(); i++) {
      byte[] blob = new byte[sizes.get(i)];
      random.nextBytes(blob);
      blobs.add(blob);
      Path file = dir.resolve("blob-" + n + "-" + i);
      Files.write(file, blob);
      encodeCommands.add(command("encode", n, "input", file.toString(), "outPrefix", dir.resolve("walrus-" + n + "-" + i).toString()));
      // Walrus's metadata-only path (compute_metadata) for one blob per run; it is as slow as encoding
      encodeCommands.add(command(i == 2 ? "metadata" : "none", n, "input", file.toString()));
    }
    List<JsonNode> walrus = oracle.run(dir, encodeCommands);

    List<Map<String, Object>> decodeCommands = new ArrayList<>();
    List<EncodedBlob> floeBlobs = new ArrayList<>();
    for (int i = 0; i < blobs.size(); i++) {
      byte[] blob = blobs.get(i);
      String what = "n=" + n + ", " + blob.length + " bytes";
      JsonNode w = walrus.get(2 * i);
      JsonNode wMeta = walrus.get(2 * i + 1);
      EncodedBlob floe = encoder.encode(blob);
      floeBlobs.add(floe);
      assertThat(floe.blobId().toHex()).as("blob ID, " + what).isEqualTo(w.get("blobId").asText());
      if (wMeta.has("blobId")) {
        assertThat(wMeta.get("blobId").asText()).as("Walrus metadata-only blob ID, " + what).isEqualTo(w.get("blobId").asText());
      }
      assertThat(encoder.computeMetadata(blob)).as("metadata-only mode, " + what).isEqualTo(floe.metadata());
      assertThat(floe.metadata().metadata().computeRoot().toString()).as("root, " + what).isEqualTo(w.get("rootHash").asText());
      for (int p = 0; p < n; p++) {
        assertThat(floe.metadata().hash(p, SliverType.PRIMARY).toString())
            .as("primary hash of pair " + p + ", " + what)
            .isEqualTo(w.get("primaryHashes").get(p).asText());
        assertThat(floe.metadata().hash(p, SliverType.SECONDARY).toString())
            .as("secondary hash of pair " + p + ", " + what)
            .isEqualTo(w.get("secondaryHashes").get(p).asText());
      }
      byte[] walrusPrimary = Files.readAllBytes(dir.resolve("walrus-" + n + "-" + i + ".primary"));
      byte[] walrusSecondary = Files.readAllBytes(dir.resolve("walrus-" + n + "-" + i + ".secondary"));
      int pSize = w.get("primaryBcsSize").asInt();
      int sSize = w.get("secondaryBcsSize").asInt();
      for (int p = 0; p < n; p++) {
        SliverPair pair = floe.pair(p);
        assertThat(pair.primary().bcsSize()).isEqualTo(pSize);
        assertThat(pair.secondary().bcsSize()).isEqualTo(sSize);
        if (!Arrays.equals(pair.primary().toBcs(), 0, pSize, walrusPrimary, p * pSize, (p + 1) * pSize)) {
          throw new AssertionError("primary sliver " + p + " differs from Walrus's, " + what);
        }
        if (!Arrays.equals(pair.secondary().toBcs(), 0, sSize, walrusSecondary, p * sSize, (p + 1) * sSize)) {
          throw new AssertionError("secondary sliver of pair " + p + " differs from Walrus's, " + what);
        }
      }

      // (c) Floe decodes Walrus's primary slivers, from a random n-2f subset
      List<SliverData> walrusSlivers = new ArrayList<>();
      for (int p = 0; p < n; p++) {
        walrusSlivers.add(
            SliverData.fromBcs(SliverType.PRIMARY, Arrays.copyOfRange(walrusPrimary, p * pSize, (p + 1) * pSize)));
      }
      List<SliverData> subset = randomSubset(walrusSlivers, config.primarySourceSymbols(), random);
      VerifiedBlobMetadata metadata = floe.metadata();
      assertThat(new RedStuffDecoder(config).decode(metadata, subset)).as("Floe decodes Walrus's slivers, " + what).isEqualTo(blob);
      if (blob.length < 100_000 && n < 1000) {
        assertThat(new RedStuffDecoder(config).decode(metadata, subset, ConsistencyCheck.STRICT)).isEqualTo(blob);
      }

      // (b) Walrus decodes a random n-2f subset of Floe's primary slivers
      List<SliverData> floePrimaries = new ArrayList<>();
      for (int p = 0; p < n; p++) {
        floePrimaries.add(floe.primary(p));
      }
      List<SliverData> mine = randomSubset(floePrimaries, config.primarySourceSymbols(), random);
      Path sliverFile = dir.resolve("floe-" + n + "-" + i + ".primary");
      try (var out = Files.newOutputStream(sliverFile)) {
        for (SliverData s : mine) {
          out.write(s.toBcs());
        }
      }
      decodeCommands.add(
          command(
              "decode", n, "blobId", floe.blobId().toHex(), "size", blob.length, "slivers", sliverFile.toString(),
              "sliverBcsSize", pSize, "output", dir.resolve("decoded-" + n + "-" + i).toString()));
    }
    List<JsonNode> decoded = oracle.run(dir, decodeCommands);
    for (int i = 0; i < blobs.size(); i++) {
      assertThat(decoded.get(i).has("error")).as("Walrus decode error: " + decoded.get(i)).isFalse();
      byte[] out = Files.readAllBytes(dir.resolve("decoded-" + n + "-" + i));
      assertThat(out).as("Walrus decodes Floe's slivers, n=" + n + ", " + blobs.get(i).length + " bytes").isEqualTo(blobs.get(i));
    }
  }

  @Test
  void walrusRejectsTamperedFloeSliverInput() throws IOException, InterruptedException {
    // the oracle must be able to fail: a corrupted sliver file makes Walrus report an error or a different blob
    EncodingConfig config = new EncodingConfig(10);
    byte[] blob = "walrus blob id v1 regression test".getBytes();
    EncodedBlob floe = new RedStuffEncoder(config).encode(blob);
    Path sliverFile = dir.resolve("tampered.primary");
    byte[] bcs = floe.primary(0).toBcs();
    bcs[1] ^= 0x20;
    Files.write(sliverFile, concat(bcs, floe.primary(1).toBcs(), floe.primary(2).toBcs(), floe.primary(3).toBcs()));
    JsonNode r =
        new WalrusOracle()
            .run(
                dir,
                List.of(
                    command(
                        "decode", 10, "blobId", floe.blobId().toHex(), "size", blob.length, "slivers", sliverFile.toString(),
                        "sliverBcsSize", bcs.length, "output", dir.resolve("tampered.out").toString())))
            .get(0);
    if (!r.has("error")) {
      assertThat(Files.readAllBytes(dir.resolve("tampered.out"))).isNotEqualTo(blob);
    }
  }

  private static byte[] concat(byte[]... parts) {
    int total = 0;
    for (byte[] p : parts) {
      total += p.length;
    }
    byte[] out = new byte[total];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  private static List<SliverData> randomSubset(List<SliverData> all, int count, Random random) {
    List<SliverData> copy = new ArrayList<>(all);
    Collections.shuffle(copy, random);
    return new ArrayList<>(copy.subList(0, count));
  }

  private static Map<String, Object> command(String op, int n, Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("op", op);
    m.put("nShards", n);
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static String hex(byte[] b) {
    return HEX.formatHex(b);
  }
}
