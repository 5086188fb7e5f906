package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.client.StoreResult;
import dev.floe.controlplane.Address;
import dev.floe.controlplane.BlobObject;
import dev.floe.controlplane.ObjectId;
import dev.floe.core.blob.BlobId;
import dev.floe.core.blob.EncodingType;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.core.errors.InvalidSizeException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code floe store A B --json} when B fails after A was stored (and paid for): stdout must still
 * carry A's result, in the same array shape, and the failure must name B and keep its exit code.
 */
class StoreCommandTest {
  @TempDir Path dir;

  @Test
  void shouldPrintTheFilesStoredBeforeAFailureInJsonMode() throws Exception {
    Path first = Files.writeString(dir.resolve("first.txt"), "stored first");
    Path second = Files.writeString(dir.resolve("second.bin"), "too large for the committee");
    StringWriter stdout = new StringWriter();
    ClientOutput out = new ClientOutput(new PrintWriter(stdout), true);

    assertThatThrownBy(() -> StoreCommand.storeEach(List.of(first, second), out, file -> {
      if (file.equals(second)) {
        throw new InvalidSizeException("blob of 27 bytes exceeds the maximum for 4 shards");
      }
      return created(Files.readAllBytes(file));
    }))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("storing " + second + " failed (the 1 file(s) before it were stored)")
        .hasMessageContaining("exceeds the maximum")
        .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(Floe.ExitCodes.BAD_INPUT));

    JsonNode printed = ClientOutput.JSON.readTree(stdout.toString());
    assertThat(printed.isArray()).isTrue();
    assertThat(printed).hasSize(1);
    assertThat(printed.get(0).path("path").asText()).isEqualTo(first.toString());
    assertThat(printed.get(0).path("blobStoreResult").path("newlyCreated").path("blobObject").path("blobId").asText())
        .isEqualTo(blobId(Files.readAllBytes(first)).toBase64());
  }

  @Test
  void shouldPrintNothingOnStdoutWhenTheFirstFileFails() {
    Path only = dir.resolve("only");
    StringWriter stdout = new StringWriter();
    ClientOutput out = new ClientOutput(new PrintWriter(stdout), true);
    assertThatThrownBy(() -> StoreCommand.storeEach(List.of(only), out, file -> {
      throw new java.io.UncheckedIOException(new java.io.IOException("disk gone"));
    })).isInstanceOf(CliException.class).hasMessageContaining("disk gone");
    assertThat(stdout.toString()).isEmpty();
  }

  @Test
  void shouldCopyStandardInputToATemporaryFileToStoreFrom() throws Exception {
    byte[] data = new byte[300_000];
    new java.util.Random(7).nextBytes(data);
    Path copy = StoreCommand.copyOf(new java.io.ByteArrayInputStream(data));
    try {
      assertThat(copy.getFileName().toString()).startsWith("floe-stdin-");
      assertThat(Files.readAllBytes(copy)).isEqualTo(data);
    } finally {
      Files.deleteIfExists(copy);
    }
    assertThat(StoreCommand.isStdin(Path.of("-"))).isTrue();
    assertThat(StoreCommand.isStdin(Path.of("./-"))).isFalse();
    assertThat(StoreCommand.label(Path.of("-"))).isEqualTo("standard input");
  }

  @Test
  void shouldReportAStandardInputThatCannotBeReadAsBadInput() {
    java.io.InputStream broken = new java.io.InputStream() {
      @Override
      public int read() throws java.io.IOException {
        throw new java.io.IOException("stdin closed by the terminal");
      }
    };
    assertThatThrownBy(() -> StoreCommand.copyOf(broken))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("cannot read the blob from standard input")
        .hasMessageContaining("stdin closed by the terminal")
        .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(Floe.ExitCodes.BAD_INPUT));
  }

  @Test
  void shouldRefuseStandardInputTwice() {
    StringWriter err = new StringWriter();
    picocli.CommandLine cl = Floe.commandLine();
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute("store", "-", "-", "--localnet-dir", dir.toString());
    assertThat(code).isEqualTo(Floe.ExitCodes.USAGE);
    assertThat(err.toString()).contains("'-' (standard input) may be given only once");
  }

  private static StoreResult created(byte[] data) {
    byte[] objectId = new byte[32];
    objectId[31] = 1;
    BlobObject object = new BlobObject(ObjectId.of(objectId), blobId(data), Address.ZERO, data.length, EncodingType.RS2,
        1, OptionalInt.of(1), 3, false, false, ObjectId.of(objectId), 1000);
    return new StoreResult.NewlyCreated(object, new StoreResult.ResourceOperation(1000, 2), 42);
  }

  private static BlobId blobId(byte[] data) {
    return new RedStuffEncoder(new EncodingConfig(4)).computeMetadata(data).blobId();
  }
}
