package dev.floe.core.encoding;

import dev.floe.core.errors.InvalidSizeException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.Objects;

/**
 * A sliver whose bytes live outside the heap, usually a region of a file, so that a blob larger
 * than the heap can be decoded ({@link RedStuffDecoder#decodeInto(
 * dev.floe.core.blob.VerifiedBlobMetadata, java.util.Collection, ConsistencyCheck, FileChannel)}):
 * the decoder loads a few whole slivers at a time to verify them, then reads only the symbol ranges
 * of the columns it is decoding. Implementations must allow concurrent reads.
 */
public interface StoredSliver {
  /** Primary or secondary. */
  SliverType type();

  /** The sliver's index (a primary sliver's index is its row). */
  int index();

  /** Bytes per symbol. */
  int symbolSize();

  /** The sliver's length in bytes, a multiple of {@link #symbolSize()}. */
  int length();

  /**
   * Reads bytes {@code [offset, offset + len)} of the sliver into {@code dst[off..]}.
   *
   * @throws IOException if the storage cannot be read
   */
  void read(long offset, byte[] dst, int off, int len) throws IOException;

  /** The whole sliver, in memory. */
  default SliverData load() throws IOException {
    byte[] data = new byte[length()];
    read(0, data, 0, data.length);
    return SliverData.of(type(), index(), symbolSize(), data);
  }

  /** A sliver already in memory. */
  static StoredSliver of(SliverData sliver) {
    return new InMemory(sliver);
  }

  /**
   * A sliver already in memory: {@link #load()} returns it without copying.
   *
   * @param sliver the sliver
   */
  record InMemory(SliverData sliver) implements StoredSliver {
    public InMemory {
      Objects.requireNonNull(sliver, "sliver");
    }

    @Override
    public SliverType type() {
      return sliver.type();
    }

    @Override
    public int index() {
      return sliver.index();
    }

    @Override
    public int symbolSize() {
      return sliver.symbolSize();
    }

    @Override
    public int length() {
      return sliver.length();
    }

    @Override
    public void read(long offset, byte[] dst, int off, int len) {
      Objects.checkFromIndexSize(offset, len, sliver.length());
      sliver.dataView().get(Math.toIntExact(offset), dst, off, len);
    }

    @Override
    public SliverData load() {
      return sliver;
    }

    @Override
    public String toString() {
      return sliver.toString();
    }
  }

  /**
   * A sliver of {@code length} bytes stored at {@code position} in {@code channel}, of which only
   * the first {@code storedBytes} are in the file: the rest reads as zeros (the padding past a
   * blob's end, which a systematic row written into the blob's own file does not hold).
   */
  static StoredSliver inFile(
      FileChannel channel, long position, long storedBytes, SliverType type, int index, int symbolSize, int length) {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(type, "type");
    if (symbolSize <= 0 || length < 0 || length % symbolSize != 0) {
      throw new InvalidSizeException(
          "a stored sliver of " + length + " bytes cannot have " + symbolSize + "-byte symbols");
    }
    if (position < 0 || storedBytes < 0 || storedBytes > length) {
      throw new InvalidSizeException(
          "a stored sliver of " + length + " bytes at " + position + " cannot hold " + storedBytes + " bytes");
    }
    return new StoredSliver() {
      @Override
      public SliverType type() {
        return type;
      }

      @Override
      public int index() {
        return index;
      }

      @Override
      public int symbolSize() {
        return symbolSize;
      }

      @Override
      public int length() {
        return length;
      }

      @Override
      public void read(long offset, byte[] dst, int off, int len) throws IOException {
        Objects.checkFromIndexSize(offset, len, length);
        int fromFile = (int) Math.max(0, Math.min(len, storedBytes - offset));
        ByteBuffer buf = ByteBuffer.wrap(dst, off, fromFile);
        long at = position + offset;
        while (buf.hasRemaining()) {
          int n = channel.read(buf, at);
          if (n < 0) {
            throw new IOException(
                type.pathSegment() + " sliver " + index + " is cut short: its file ends at " + at + ", expected "
                    + (position + storedBytes));
          }
          at += n;
        }
        Arrays.fill(dst, off + fromFile, off + len, (byte) 0);
      }

      @Override
      public String toString() {
        return type.pathSegment() + " sliver " + index + " (" + length + " bytes at " + position + " in a file)";
      }
    };
  }
}
