package dev.floe.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.client.ClientConfig;
import dev.floe.client.ProgressListener;
import dev.floe.client.StoreOptions;
import dev.floe.client.StoreResult;
import dev.floe.client.daemon.DaemonJson;
import dev.floe.controlplane.TokenAmount;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code floe store FILE... [--epochs N] [--deletable|--permanent] [--force] [--json] [--progress]}
 * ({@code -}: standard input): encodes each file, registers it on-chain, uploads its slivers to the
 * storage nodes, collects a quorum of confirmations and certifies it (walrus-protocol.md §5.1). Prints
 * the blob ID and the registration; with {@code --json}, Walrus's {@code [{"blobStoreResult":{..},"path":..}]} shape.
 */
@Command(
    name = "store",
    aliases = "write",
    mixinStandardHelpOptions = true,
    description = "Store files as blobs: encode, register, upload to the storage nodes, certify.")
final class StoreCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "the files to store ('-': standard input)")
  List<Path> files;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "1", description = "epochs to store for (default 1)")
  int epochs;

  @ArgGroup(exclusive = true)
  Persistence persistence = new Persistence();

  static final class Persistence {
    @Option(names = "--deletable", description = "the blob may be deleted by its owner before it expires")
    boolean deletable;

    @Option(names = "--permanent", description = "the blob cannot be deleted before it expires (default)")
    boolean permanent;
  }

  @Option(names = "--force", description = "store again even if the blob is already certified long enough")
  boolean force;

  @Option(names = "--json", description = "print JSON")
  boolean json;

  @Option(names = "--progress", description = "show a progress bar even when stderr is not a terminal")
  boolean progress;

  @Mixin ClientOptions client;

  @Override
  public Integer call() throws Exception {
    if (epochs < 1) {
      throw new CliException(Floe.ExitCodes.USAGE, "--epochs must be at least 1, got " + epochs);
    }
    if (files.stream().filter(StoreCommand::isStdin).count() > 1) {
      throw new CliException(Floe.ExitCodes.USAGE, "'-' (standard input) may be given only once");
    }
    for (Path file : files) {
      if (!isStdin(file) && !Files.isRegularFile(file)) {
        throw new CliException(Floe.ExitCodes.BAD_INPUT, "not a readable file: " + file);
      }
    }
    StoreOptions options = new StoreOptions(epochs, persistence.deletable, force);
    ClientOutput out = new ClientOutput(spec.commandLine().getOut(), json);
    ClientContext context = ClientContext.resolve(client);
    Path stdinCopy = files.stream().anyMatch(StoreCommand::isStdin) ? copyOf(System.in) : null;
    try (ClientContext.Session session = context.open(ClientConfig.defaults())) {
      return storeEach(files, out, file -> {
        ProgressListener bar = ClientProgressBar.create(System.err, progress);
        try {
          return session.client().store(isStdin(file) ? stdinCopy : file, options, bar).get();
        } finally {
          if (bar instanceof ClientProgressBar b) {
            b.finish();
          }
        }
      });
    } finally {
      if (stdinCopy != null) {
        Files.deleteIfExists(stdinCopy);
      }
    }
  }

  /** How a file is named in messages: {@code -} is "standard input". */
  static String label(Path file) {
    return isStdin(file) ? "standard input" : file.toString();
  }

  /** Whether {@code file} is {@code -}, standard input. */
  static boolean isStdin(Path file) {
    return file.toString().equals("-");
  }

  /**
   * Copies standard input to a temporary file (the encoder needs the blob's length and reads it more
   * than once); the caller deletes it. A failed copy leaves no file behind.
   */
  static Path copyOf(InputStream in) {
    Path tmp = null;
    try {
      tmp = Files.createTempFile("floe-stdin-", ".blob");
      tmp.toFile().deleteOnExit(); // also when Ctrl-C ends the store
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      return tmp;
    } catch (IOException e) {
      try {
        if (tmp != null) {
          Files.deleteIfExists(tmp);
        }
      } catch (IOException ignored) {
        // the copy's failure is what the user needs to see
      }
      throw new CliException(Floe.ExitCodes.BAD_INPUT, "cannot read the blob from standard input into "
          + System.getProperty("java.io.tmpdir") + ": " + e.getMessage(), e);
    }
  }

  /** Stores one file. */
  @FunctionalInterface
  interface Storer {
    StoreResult store(Path file) throws Exception;
  }

  /**
   * Stores the files in order and prints each result (text: as it comes; JSON: one array at the
   * end). When a store fails, what was already stored (and paid for) is still printed, as JSON too,
   * before the failure is reported, so a script never loses the blob IDs of the files stored first.
   */
  static int storeEach(List<Path> files, ClientOutput out, Storer storer) {
    ArrayNode results = DaemonJson.MAPPER.createArrayNode();
    boolean anyInvalid = false;
    for (Path file : files) {
      StoreResult result;
      try {
        result = storer.store(file);
      } catch (Exception e) {
        if (out.json() && !results.isEmpty()) {
          out.printJson(results);
        }
        CliException failure = ClientErrors.toCli(e);
        throw new CliException(failure.exitCode(), "storing " + label(file) + " failed"
            + (results.isEmpty() ? "" : " (the " + results.size() + " file(s) before it were stored)") + ": "
            + failure.getMessage(), failure.getCause());
      }
      anyInvalid |= result instanceof StoreResult.MarkedInvalid;
      if (out.json()) {
        ObjectNode entry = results.addObject();
        entry.set("blobStoreResult", DaemonJson.storeResult(result));
        entry.put("path", file.toString());
      } else {
        printText(out, file, result);
      }
    }
    if (out.json()) {
      out.printJson(results);
    }
    return anyInvalid ? Floe.ExitCodes.INVALID_BLOB : Floe.ExitCodes.OK;
  }

  private static void printText(ClientOutput out, Path file, StoreResult result) {
    switch (result) {
      case StoreResult.NewlyCreated created -> {
        out.line("Success: stored and certified " + label(file));
        out.field("Blob ID", created.blobId().toBase64());
        out.field("Object ID", "0x" + created.blobObject().objectId().toHex());
        out.field("Unencoded size", created.blobObject().unencodedSize() + " bytes");
        out.field("Encoded size", created.operation().encodedLength() + " bytes");
        out.field("Deletable", created.blobObject().deletable());
        out.field("Expiry epoch", created.blobObject().endEpoch() + " (exclusive)");
        out.field("Cost", TokenAmount.ofUnits(created.cost()));
      }
      case StoreResult.AlreadyCertified certified -> {
        out.line("Blob already certified; nothing stored: " + label(file));
        out.field("Blob ID", certified.blobId().toBase64());
        out.field("Expiry epoch", certified.endEpoch() + " (exclusive)");
        out.field("Certified in", "block " + certified.blockNumber() + ", log " + certified.logIndex());
      }
      case StoreResult.MarkedInvalid invalid -> {
        out.line("Blob ID is marked invalid on-chain; not stored: " + label(file));
        out.field("Blob ID", invalid.blobId().toBase64());
      }
    }
  }
}
