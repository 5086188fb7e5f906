package dev.floe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.floe.core.blob.VerifiedBlobMetadata;
import dev.floe.core.encoding.BlobSource;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.FileBlobSource;
import dev.floe.core.encoding.RedStuffEncoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code floe blob-id FILE --n-shards N [--json]}: the blob ID of a file, computed locally exactly as
 * Walrus computes it. Nothing is sent anywhere.
 */
@Command(
    name = "blob-id",
    mixinStandardHelpOptions = true,
    description = "Compute the blob ID of a file (URL-safe base64, no padding) without storing it.")
final class BlobIdCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "FILE", description = "the file to identify")
  Path file;

  @Option(
      names = "--n-shards",
      required = true,
      paramLabel = "N",
      description = "number of shards of the system (1000 on Walrus mainnet/testnet)")
  int nShards;

  @Option(names = "--json", description = "print JSON with the symbol size, length and Merkle root")
  boolean json;

  @Option(names = "--threads", paramLabel = "T", description = "encoding threads (default: all cores)")
  Integer threads;

  @Override
  public Integer call() throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new CliException(Floe.ExitCodes.BAD_INPUT, "not a readable file: " + file);
    }
    EncodingConfig config = new EncodingConfig(nShards);
    RedStuffEncoder encoder = new RedStuffEncoder(config);
    if (threads != null) {
      encoder = encoder.withThreads(threads);
    }
    VerifiedBlobMetadata metadata;
    try (FileBlobSource source = BlobSource.open(file)) {
      metadata = encoder.computeMetadata(source);
    }
    if (!json) {
      System.out.println(metadata.blobId().toBase64());
      return Floe.ExitCodes.OK;
    }
    long length = metadata.unencodedLength();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("blobId", metadata.blobId().toBase64());
    out.put("blobIdHex", metadata.blobId().toHex());
    out.put("file", file.toString());
    out.put("nShards", nShards);
    out.put("encodingType", config.encodingType().name());
    out.put("unencodedLength", length);
    out.put("symbolSize", config.symbolSize(length));
    out.put("merkleRoot", HexFormat.of().formatHex(metadata.metadata().computeRoot().bytes()));
    out.put("encodedLength", config.encodedLength(length));
    System.out.println(
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
    return Floe.ExitCodes.OK;
  }
}
