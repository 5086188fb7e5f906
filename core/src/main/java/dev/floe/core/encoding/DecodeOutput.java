package dev.floe.core.encoding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Objects;

/**
 * Where {@link RedStuffDecoder} writes a decoded blob: a byte array, or a file written with
 * positional writes (for blobs that do not fit in an array). Both can be read back, for the
 * consistency checks. Safe for concurrent access to disjoint ranges.
 */
abstract class DecodeOutput implements BlobSource {
  /** Writes {@code src[off..off+len)} at blob position {@code pos}. */
  abstract void write(long pos, byte[] src, int off, int len);

  static DecodeOutput of(byte[] blob) {
    return new DecodeOutput() {
      @Override
      void write(long pos, byte[] src, int off, int len) {
        System.arraycopy(src, off, blob, Math.toIntExact(pos), len);
      }

      @Override
      public long length() {
        return blob.length;
      }

      @Override
      public void read(long position, byte[] dst, int off, int len) {
        Objects.checkFromIndexSize(position, len, blob.length);
        System.arraycopy(blob, (int) position, dst, off, len);
      }
    };
  }

  static DecodeOutput of(FileChannel channel, long length) {
    return new DecodeOutput() {
      @Override
      void write(long pos, byte[] src, int off, int len) {
        ByteBuffer buf = ByteBuffer.wrap(src, off, len);
        long at = pos;
        try {
          while (buf.hasRemaining()) {
            at += channel.write(buf, at);
          }
        } catch (IOException e) {
          throw new UncheckedIOException("writing the decoded blob at " + pos, e);
        }
      }

      @Override
      public long length() {
        return length;
      }

      @Override
      public void read(long position, byte[] dst, int off, int len) {
        Objects.checkFromIndexSize(position, len, length);
        ByteBuffer buf = ByteBuffer.wrap(dst, off, len);
        long at = position;
        try {
          while (buf.hasRemaining()) {
            int n = channel.read(buf, at);
            if (n < 0) {
              throw new IOException("decoded blob file ends at " + at);
            }
            at += n;
          }
        } catch (IOException e) {
          throw new UncheckedIOException("reading the decoded blob at " + position, e);
        }
      }
    };
  }
}
