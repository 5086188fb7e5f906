package dev.floe.core.encoding;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * A {@link BlobSource} over a file, read with positional reads so that the blob never has to be on
 * the heap and several encoder threads can read at once. The length is fixed when the file is
 * opened; the file must not change while it is encoded.
 */
public final class FileBlobSource implements BlobSource, Closeable {
  private final Path path;
  private final FileChannel channel;
  private final long length;

  private FileBlobSource(Path path, FileChannel channel, long length) {
    this.path = path;
    this.channel = channel;
    this.length = length;
  }

  /** Opens {@code file} for reading. */
  public static FileBlobSource open(Path file) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      return new FileBlobSource(file, channel, channel.size());
    } catch (RuntimeException e) {
      channel.close();
      throw e;
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
    long pos = position;
    try {
      while (buf.hasRemaining()) {
        int n = channel.read(buf, pos);
        if (n < 0) {
          throw new EOFException(path + " ended at " + pos + ", expected " + length + " bytes");
        }
        pos += n;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + path + " at " + position, e);
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  @Override
  public String toString() {
    return "FileBlobSource[" + path + ", " + length + " B]";
  }
}
