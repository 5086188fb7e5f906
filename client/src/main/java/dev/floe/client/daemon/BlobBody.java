package dev.floe.client.daemon;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A verified whole blob as the daemon serves it: small blobs in memory, larger ones decoded into a
 * temporary file that the receiver owns and must delete once it has sent it.
 */
public sealed interface BlobBody {
  /** The blob's length in bytes. */
  long length();

  /**
   * A blob held in memory.
   *
   * @param bytes the blob
   */
  record InMemory(byte[] bytes) implements BlobBody {
    public InMemory {
      Objects.requireNonNull(bytes, "bytes");
    }

    @Override
    public long length() {
      return bytes.length;
    }
  }

  /**
   * A blob decoded into a temporary file.
   *
   * @param file the file (exactly the blob; delete it when done)
   * @param length its length in bytes
   */
  record InFile(Path file, long length) implements BlobBody {
    public InFile {
      Objects.requireNonNull(file, "file");
      if (length < 0) {
        throw new IllegalArgumentException("length must not be negative, got " + length);
      }
    }
  }
}
