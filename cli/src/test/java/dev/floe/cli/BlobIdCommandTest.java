package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobIdCommandTest {
  /** Walrus's own regression input and blob ID (walrus-core test_v1_blob_id_stability, 10 shards). */
  private static final String WALRUS_INPUT = "walrus blob id v1 regression test";

  private static final String WALRUS_BLOB_ID = "RcU82Mwf-CFkv1LaI_2qcpANwpGUuG3TMwnVzZxD2kY";

  @TempDir Path dir;

  @Test
  void shouldPrintWalrusBlobIdOfRegressionInput() throws Exception {
    Path file = Files.writeString(dir.resolve("input.txt"), WALRUS_INPUT);
    Result result = run("blob-id", file.toString(), "--n-shards", "10");
    assertThat(result.exitCode).isZero();
    assertThat(result.stdout.strip()).isEqualTo(WALRUS_BLOB_ID);
  }

  @Test
  void shouldPrintJsonWithSymbolSizeLengthAndRoot() throws Exception {
    Path file = Files.writeString(dir.resolve("input.txt"), WALRUS_INPUT);
    Result result = run("blob-id", file.toString(), "--n-shards", "10", "--json");
    assertThat(result.exitCode).isZero();
    JsonNode json = new ObjectMapper().readTree(result.stdout);
    assertThat(json.get("blobId").asText()).isEqualTo(WALRUS_BLOB_ID);
    assertThat(json.get("unencodedLength").asLong()).isEqualTo(33);
    // 33 bytes over a 4 x 7 matrix: ceil(33 / 28) = 2 bytes per symbol
    assertThat(json.get("symbolSize").asInt()).isEqualTo(2);
    assertThat(json.get("merkleRoot").asText()).hasSize(64);
    // the printed root is the one Walrus's blob ID commits to (reference §2.3), checked with an
    // independent Blake2b: blob_id = Blake2b256(0x01 || u64_LE(length) || root)
    byte[] root = HexFormat.of().parseHex(json.get("merkleRoot").asText());
    ByteBuffer derivation = ByteBuffer.allocate(1 + 8 + 32).order(ByteOrder.LITTLE_ENDIAN);
    derivation.put((byte) 1).putLong(json.get("unencodedLength").asLong()).put(root);
    Blake2bDigest blake = new Blake2bDigest(256);
    blake.update(derivation.array(), 0, derivation.capacity());
    byte[] id = new byte[32];
    blake.doFinal(id, 0);
    assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(id)).isEqualTo(WALRUS_BLOB_ID);
    assertThat(json.get("blobIdHex").asText()).isEqualToIgnoringCase(HexFormat.of().formatHex(id));
  }

  @Test
  void shouldRejectMissingFileAndBadShardCountWithInputExitCode() {
    assertThat(run("blob-id", dir.resolve("absent").toString(), "--n-shards", "10").exitCode)
        .isEqualTo(Floe.ExitCodes.BAD_INPUT);
    Path file = dir.resolve("f");
    try {
      Files.writeString(file, "x");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Result bad = run("blob-id", file.toString(), "--n-shards", "2");
    assertThat(bad.exitCode).isEqualTo(Floe.ExitCodes.BAD_INPUT);
    assertThat(bad.stderr).contains("number of shards");
  }

  private record Result(int exitCode, String stdout, String stderr) {}

  private static Result run(String... args) {
    PrintStream originalOut = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      var cl = Floe.commandLine();
      cl.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
      int code = cl.execute(args);
      return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(originalOut);
    }
  }
}
