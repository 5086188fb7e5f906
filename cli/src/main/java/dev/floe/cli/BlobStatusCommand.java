package dev.floe.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.client.FloeClient.BlobStatusReport;
import dev.floe.client.daemon.DaemonJson;
import dev.floe.controlplane.BlobStatus;
import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.FileBlobSource;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.core.errors.InvalidDataException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code floe blob-status (BLOB_ID | --file FILE) [--json]}: the chain's status of a blob ID
 * (nonexistent, invalid, permanent or deletable, certified or not, end epoch) and whether it is
 * available now, in the shape of Walrus's {@code BlobStatus}.
 */
@Command(
    name = "blob-status",
    mixinStandardHelpOptions = true,
    description = "Show the on-chain status of a blob (by blob ID, or of a local file).")
final class BlobStatusCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  static final class Target {
    @Parameters(paramLabel = "BLOB_ID", description = "the blob ID")
    String blobId;

    @Option(names = "--file", paramLabel = "FILE", description = "compute the blob ID of this file")
    Path file;
  }

  @Option(names = "--json", description = "print JSON")
  boolean json;

  @Mixin ClientOptions client;

  @Override
  public Integer call() throws Exception {
    BlobStatusReport report = ClientContext.resolve(client).call(session ->
        session.client().status(blobId(session.controlPlane().deployment().parameters().nShards())).get());
    ClientOutput out = new ClientOutput(spec.commandLine().getOut(), json);
    if (json) {
      out.printJson(toJson(report));
    } else {
      out.field("Blob ID", report.blobId().toBase64());
      out.field("Status", describe(report));
      out.field("Current epoch", report.currentEpoch());
    }
    return Floe.ExitCodes.OK;
  }

  private BlobId blobId(int nShards) throws Exception {
    if (target.blobId != null) {
      try {
        return BlobId.parse(target.blobId);
      } catch (InvalidDataException e) {
        throw new CliException(Floe.ExitCodes.BAD_INPUT, e.getMessage());
      }
    }
    if (!Files.isRegularFile(target.file)) {
      throw new CliException(Floe.ExitCodes.BAD_INPUT, "not a readable file: " + target.file);
    }
    try (FileBlobSource source = FileBlobSource.open(target.file)) {
      return new RedStuffEncoder(new EncodingConfig(nShards)).computeMetadata(source).blobId();
    }
  }

  /** Whether a certified registration keeps the blob readable in the current epoch. */
  static boolean available(BlobStatusReport report) {
    return switch (report.status()) {
      case BlobStatus.Permanent p ->
          (p.certified() && p.endEpoch() > report.currentEpoch()) || p.deletableCounts().certified() > 0;
      case BlobStatus.Deletable d -> d.deletableCounts().certified() > 0;
      default -> false;
    };
  }

  static String describe(BlobStatusReport report) {
    return switch (report.status()) {
      case BlobStatus.Nonexistent n -> "nonexistent (never stored, or deleted)";
      case BlobStatus.Invalid i -> "invalid (inconsistent encoding; invalidated on-chain)";
      case BlobStatus.Permanent p -> {
        String state = p.certified() ? "certified" : "registered, not certified";
        String expiry = p.endEpoch() > report.currentEpoch()
            ? "available until epoch " + (p.endEpoch() - 1) + " (end epoch " + p.endEpoch() + ")"
            : "expired after epoch " + (p.endEpoch() - 1);
        yield "permanent, " + state + ", " + expiry + deletables(p.deletableCounts());
      }
      case BlobStatus.Deletable d -> "deletable only" + deletables(d.deletableCounts())
          + first(d.initialCertifiedEpoch());
    };
  }

  private static String deletables(BlobStatus.DeletableCounts c) {
    return c.registered() == 0 ? "" : "; deletable copies: " + c.registered() + " registered, " + c.certified() + " certified";
  }

  private static String first(OptionalInt epoch) {
    return epoch.isPresent() ? "; first certified in epoch " + epoch.getAsInt() : "";
  }

  static ObjectNode toJson(BlobStatusReport report) {
    ObjectNode root = DaemonJson.MAPPER.createObjectNode();
    root.put("blobId", report.blobId().toBase64());
    root.put("currentEpoch", report.currentEpoch());
    root.put("available", available(report));
    switch (report.status()) {
      case BlobStatus.Nonexistent n -> root.put("status", "nonexistent");
      case BlobStatus.Invalid i -> root.putObject("status").putObject("invalid");
      case BlobStatus.Permanent p -> {
        ObjectNode v = root.putObject("status").putObject("permanent");
        v.put("endEpoch", p.endEpoch());
        v.put("isCertified", p.certified());
        putEpoch(v, p.initialCertifiedEpoch());
        counts(v, p.deletableCounts());
      }
      case BlobStatus.Deletable d -> {
        ObjectNode v = root.putObject("status").putObject("deletable");
        putEpoch(v, d.initialCertifiedEpoch());
        counts(v, d.deletableCounts());
      }
    }
    return root;
  }

  private static void putEpoch(ObjectNode v, OptionalInt epoch) {
    if (epoch.isPresent()) {
      v.put("initialCertifiedEpoch", epoch.getAsInt());
    } else {
      v.putNull("initialCertifiedEpoch");
    }
  }

  private static void counts(ObjectNode v, BlobStatus.DeletableCounts c) {
    ObjectNode counts = v.putObject("deletableCounts");
    counts.put("countDeletableTotal", c.registered());
    counts.put("countDeletableCertified", c.certified());
  }
}
