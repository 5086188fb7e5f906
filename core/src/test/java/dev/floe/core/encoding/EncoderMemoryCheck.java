package dev.floe.core.encoding;

import dev.floe.core.blob.VerifiedBlobMetadata;
import dev.floe.core.merkle.Node;
import java.nio.file.Path;

/**
 * Child-JVM entry point of {@link EncoderMemoryTest}: streams a file through the encoder into a sink
 * that only checks what it receives, then prints {@code OK <blobId> <peak used heap MiB, sampled>}. Exits with
 * status 1 (and the stack trace) on any failure, including {@link OutOfMemoryError}.
 */
public final class EncoderMemoryCheck {
  private EncoderMemoryCheck() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    EncodingConfig config = new EncodingConfig(Integer.parseInt(args[1]));
    int threads = Integer.parseInt(args[2]);
    int n = config.nShards();
    ChildJvm.HeapPeak peak = new ChildJvm.HeapPeak();
    Node[][] hashes = new Node[2][n];
    long[] bytes = {0};
    try (FileBlobSource source = BlobSource.open(file)) {
      VerifiedBlobMetadata md =
          new RedStuffEncoder(config)
              .withThreads(threads)
              .encode(
                  source,
                  view -> {
                    Node[] seen = hashes[view.type().ordinal()];
                    if (seen[view.index()] != null) {
                      throw new IllegalStateException("sliver delivered twice: " + view);
                    }
                    seen[view.index()] = view.hash();
                    bytes[0] += view.length();
                  });
      for (int i = 0; i < n; i++) {
        if (!hashes[0][i].equals(md.hash(i, SliverType.PRIMARY))
            || !hashes[1][i].equals(md.hash(config.secondarySliverIndex(i), SliverType.SECONDARY))) {
          throw new IllegalStateException("sliver hash differs from the metadata at index " + i);
        }
      }
      long expected =
          (long) n * (config.sliverSize(SliverType.PRIMARY, source.length()) + config.sliverSize(SliverType.SECONDARY, source.length()));
      if (bytes[0] != expected) {
        throw new IllegalStateException("sink received " + bytes[0] + " bytes, expected " + expected);
      }
      System.out.println("OK " + md.blobId() + " " + peak.stop());
    }
  }
}
