package dev.floe.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.client.ClientConfig;
import dev.floe.client.FloeClient;
import dev.floe.client.ProgressListener;
import dev.floe.client.ReadOptions;
import dev.floe.client.daemon.DaemonJson;
import dev.floe.core.blob.BlobId;
import dev.floe.core.errors.InvalidDataException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code floe read BLOB_ID [--out FILE] [--strict] [--json] [--progress]}: fetches verified metadata
 * and n-2f verified primary slivers, decodes and checks consistency (walrus-protocol.md §5.2). With
 * {@code --out} the blob is decoded straight into a temporary file next to FILE that replaces FILE
 * only once every check passed (blobs of any size, not held in memory); without it the blob goes to
 * stdout the same way, through a temporary file, or as base64 in the JSON with {@code --json} (held
 * in memory). An {@code --out} that is a directory is refused (exit code 3) before anything is read.
 * Exit code 4 when the blob is not available, 5 when it is invalid.
 */
@Command(
    name = "read",
    mixinStandardHelpOptions = true,
    description = "Read a blob: fetch and verify slivers from the storage nodes, decode, check consistency.")
final class ReadCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "BLOB_ID", description = "the blob ID (URL-safe base64)")
  String blobIdText;

  @Option(names = {"--out", "-o"}, paramLabel = "FILE", description = "write the blob here (default: stdout)")
  Path out;

  @Option(
      names = {"--strict", "--strict-consistency-check"},
      description = "re-encode the whole blob and compare its blob ID (slower, strongest check)")
  boolean strict;

  @Option(names = "--json", description = "print JSON (with the blob as base64 when there is no --out)")
  boolean json;

  @Option(names = "--progress", description = "show a progress bar even when stderr is not a terminal")
  boolean progress;

  @Mixin ClientOptions client;

  @Override
  public Integer call() throws Exception {
    BlobId blobId;
    try {
      blobId = BlobId.parse(blobIdText);
    } catch (InvalidDataException e) {
      throw new CliException(Floe.ExitCodes.BAD_INPUT, e.getMessage());
    }
    if (out != null && Files.isDirectory(out)) {
      throw new CliException(Floe.ExitCodes.BAD_INPUT, out + " is a directory; give the path of a file to write the blob to");
    }
    ReadOptions options = strict ? ReadOptions.STRICT : ReadOptions.DEFAULT;
    ClientOutput output = new ClientOutput(spec.commandLine().getOut(), json);
    if (json && out == null) {
      byte[] blob = read((floe, bar) -> floe.read(blobId, options, bar).get());
      output.printJson(summary(blobId, blob.length).put("blob", Base64.getEncoder().encodeToString(blob)));
      return Floe.ExitCodes.OK;
    }
    if (out == null) {
      spec.commandLine().getOut().flush();
      streamToStdout(blobId, options);
      return Floe.ExitCodes.OK;
    }
    long size = readTo(blobId, out, options);
    if (json) {
      output.printJson(summary(blobId, size).put("out", out.toString()));
    } else {
      output.line("Success: read " + size + " bytes of blob " + blobId + " into " + out);
    }
    return Floe.ExitCodes.OK;
  }

  private long readTo(BlobId blobId, Path file, ReadOptions options) {
    return read((floe, bar) -> floe.readTo(blobId, file, options, bar).get());
  }

  /** Decodes into a temporary file (any size, not on the heap), then copies it to stdout. */
  private void streamToStdout(BlobId blobId, ReadOptions options) throws IOException {
    Path dir = Files.createTempDirectory("floe-read-");
    Path file = dir.resolve("blob");
    try {
      readTo(blobId, file, options);
      copyTo(file, System.out);
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
  }

  /** Copies {@code file} to {@code sink} in bounded chunks and flushes it. */
  static long copyTo(Path file, OutputStream sink) throws IOException {
    long copied = Files.copy(file, sink);
    sink.flush();
    return copied;
  }

  private ObjectNode summary(BlobId blobId, long size) {
    ObjectNode node = DaemonJson.MAPPER.createObjectNode();
    node.put("blobId", blobId.toBase64());
    node.put("size", size);
    node.put("consistencyCheck", strict ? "strict" : "default");
    return node;
  }

  /** Runs one read on a client session with a progress bar; failures become CLI exit codes. */
  private <T> T read(Reading<T> reading) {
    ProgressListener bar = ClientProgressBar.create(System.err, progress);
    ClientContext context = ClientContext.resolve(client);
    try (ClientContext.Session session = context.open(ClientConfig.defaults())) {
      return reading.run(session.client(), bar);
    } catch (Exception e) {
      throw ClientErrors.toCli(e);
    } finally {
      if (bar instanceof ClientProgressBar b) {
        b.finish();
      }
    }
  }

  @FunctionalInterface
  private interface Reading<T> {
    T run(FloeClient floe, ProgressListener bar) throws Exception;
  }
}
