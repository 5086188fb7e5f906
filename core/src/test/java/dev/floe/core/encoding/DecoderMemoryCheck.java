package dev.floe.core.encoding;

import dev.floe.core.blob.BlobMetadataWithId;
import dev.floe.core.blob.VerifiedBlobMetadata;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Child-JVM entry point of {@link DecoderMemoryTest}: decodes a blob from repair slivers stored in one
 * file (each {@code sliverBytes} long, in the order of the given indices) into an output file, then
 * prints {@code OK <peak used heap MiB, sampled>}. Arguments: n, metadata file, sliver file, output
 * file, threads, then the sliver indices. Exits with status 1 on any failure, including {@link
 * OutOfMemoryError}.
 */
public final class DecoderMemoryCheck {
  private DecoderMemoryCheck() {}

  public static void main(String[] args) throws Exception {
    EncodingConfig config = new EncodingConfig(Integer.parseInt(args[0]));
    VerifiedBlobMetadata md = BlobMetadataWithId.fromBcs(Files.readAllBytes(Path.of(args[1]))).verify(config);
    int threads = Integer.parseInt(args[4]);
    ChildJvm.HeapPeak peak = new ChildJvm.HeapPeak();
    long length = md.unencodedLength();
    int symbolSize = config.symbolSize(length);
    int sliverBytes = config.sliverSize(SliverType.PRIMARY, length);
    try (FileChannel slivers = FileChannel.open(Path.of(args[2]), StandardOpenOption.READ);
        FileChannel out =
            FileChannel.open(Path.of(args[3]), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      List<StoredSliver> stored = new ArrayList<>();
      for (int i = 5; i < args.length; i++) {
        int index = Integer.parseInt(args[i]);
        stored.add(StoredSliver.inFile(
            slivers, (long) (i - 5) * sliverBytes, sliverBytes, SliverType.PRIMARY, index, symbolSize, sliverBytes));
      }
      new RedStuffDecoder(config).withThreads(threads).decodeInto(md, stored, ConsistencyCheck.DEFAULT, out);
    }
    System.out.println("OK " + peak.stop());
  }
}
