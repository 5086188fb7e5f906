package dev.floe.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.client.ClientConfig;
import dev.floe.client.ProgressListener;
import dev.floe.client.ReadOptions;
import dev.floe.client.daemon.DaemonJson;
import dev.floe.core.blob.BlobId;
import dev.floe.core.errors.InvalidDataException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code floe read BLOB_ID [--out FILE] [--strict] [--json] [--progress]}: fetches verified metadata
 * and n-2f verified primary slivers, decodes and checks consistency (walrus-protocol.md §5.2). The
 * bytes go to {@code --out} (written atomically) or to stdout. Exit code 4 when the blob is not
 * available, 5 when it is invalid.
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
    ClientContext context = ClientContext.resolve(client);
    byte[] blob;
    ProgressListener bar = ClientProgressBar.create(System.err, progress);
    try (ClientContext.Session session = context.open(ClientConfig.defaults())) {
      blob = session.client().read(blobId, strict ? ReadOptions.STRICT : ReadOptions.DEFAULT, bar).get();
    } catch (Exception e) {
      throw ClientErrors.toCli(e);
    } finally {
      if (bar instanceof ClientProgressBar b) {
        b.finish();
      }
    }
    if (out != null) {
      writeAtomically(out, blob);
    }
    ClientOutput output = new ClientOutput(spec.commandLine().getOut(), json);
    if (json) {
      ObjectNode node = DaemonJson.MAPPER.createObjectNode();
      node.put("blobId", blobId.toBase64());
      node.put("size", blob.length);
      node.put("consistencyCheck", strict ? "strict" : "default");
      if (out != null) {
        node.put("out", out.toString());
      } else {
        node.put("blob", Base64.getEncoder().encodeToString(blob));
      }
      output.printJson(node);
    } else if (out != null) {
      output.line("Success: read " + blob.length + " bytes of blob " + blobId + " into " + out);
    } else {
      OutputStream stdout = System.out;
      stdout.write(blob);
      stdout.flush();
    }
    return Floe.ExitCodes.OK;
  }

  static void writeAtomically(Path file, byte[] bytes) throws IOException {
    Path absolute = file.toAbsolutePath();
    Path dir = absolute.getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, absolute.getFileName().toString(), ".part");
    try {
      Files.write(tmp, bytes);
      Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
