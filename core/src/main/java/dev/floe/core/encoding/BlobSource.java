package dev.floe.core.encoding;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The bytes of a blob to encode, read positionally, so that the encoder can stream a blob that is
 * not on the heap (a file) as well as one that is ({@link #of(byte[])}).
 *
 * <p>Implementations must be safe for concurrent {@link #read} calls from several threads.
 */
public interface BlobSource {
  /** Length of the blob in bytes. */
  long length();

  /**
   * Reads exactly {@code len} bytes starting at {@code position} into {@code dst[off..off+len)}.
   * The encoder only asks for ranges inside {@code [0, length())}.
   *
   * @throws java.io.UncheckedIOException if the underlying storage fails
   */
  void read(long position, byte[] dst, int off, int len);

  /** A source over an in-memory blob (not copied; do not modify it while encoding). */
  static BlobSource of(byte[] blob) {
    Objects.requireNonNull(blob, "blob");
    return new BlobSource() {
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

  /** Opens a file for positional reads; close the returned source when done. */
  static FileBlobSource open(Path file) throws IOException {
    return FileBlobSource.open(file);
  }
}
