package dev.floe.client.daemon;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * A {@code multipart/byteranges} body (RFC 9110 §14.6): for each range a part with its own {@code
 * Content-Type} and {@code Content-Range} header, then its bytes; parts are delimited by a random
 * boundary (RFC 2046 §5.1.1 syntax, CRLF line ends) chosen so that it occurs in none of the parts.
 * Stateless.
 */
final class MultipartByteRanges {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String CRLF = "\r\n";
  private static final String PART_TYPE = "application/octet-stream";

  private MultipartByteRanges() {}

  /** The response's {@code Content-Type} for {@code boundary}. */
  static String contentType(String boundary) {
    return "multipart/byteranges; boundary=" + boundary;
  }

  /** A fresh boundary (128 random bits) that occurs in none of {@code parts}. */
  static String boundary(List<byte[]> parts) {
    while (true) {
      byte[] random = new byte[16];
      RANDOM.nextBytes(random);
      String boundary = "floe-" + HexFormat.of().formatHex(random);
      byte[] needle = boundary.getBytes(StandardCharsets.US_ASCII);
      if (parts.stream().noneMatch(p -> contains(p, needle))) {
        return boundary;
      }
    }
  }

  /**
   * The body: part i holds {@code data.get(i)}, the bytes of {@code ranges.get(i)} of a blob of
   * {@code size} bytes.
   */
  static Buffer body(String boundary, long size, List<ByteRange> ranges, List<byte[]> data) {
    if (ranges.size() != data.size()) {
      throw new IllegalArgumentException(ranges.size() + " ranges but " + data.size() + " parts");
    }
    Buffer body = Buffer.buffer();
    for (int i = 0; i < ranges.size(); i++) {
      ByteRange range = ranges.get(i);
      if (data.get(i).length != range.length()) {
        throw new IllegalStateException("part " + i + " has " + data.get(i).length + " bytes for the range "
            + range.contentRange(size));
      }
      body.appendString("--" + boundary + CRLF
          + "Content-Type: " + PART_TYPE + CRLF
          + "Content-Range: " + range.contentRange(size) + CRLF
          + CRLF, "US-ASCII");
      body.appendBytes(data.get(i));
      body.appendString(CRLF, "US-ASCII");
    }
    body.appendString("--" + boundary + "--" + CRLF, "US-ASCII");
    return body;
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
