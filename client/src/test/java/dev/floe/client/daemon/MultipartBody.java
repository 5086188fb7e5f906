package dev.floe.client.daemon;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A strict test-side reader of a multipart body (RFC 2046 §5.1.1), independent of the daemon's writer. */
final class MultipartBody {
  private MultipartBody() {}

  /** One part: its headers (names in lower case) and its bytes. */
  record Part(Map<String, String> headers, byte[] data) {}

  /** The boundary parameter of a {@code multipart/byteranges} content type. */
  static String boundaryOf(String contentType) {
    String[] fields = contentType.split(";");
    if (!fields[0].strip().equalsIgnoreCase("multipart/byteranges")) {
      throw new AssertionError("not multipart/byteranges: " + contentType);
    }
    for (int i = 1; i < fields.length; i++) {
      String f = fields[i].strip();
      if (f.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
        String b = f.substring("boundary=".length());
        return b.startsWith("\"") ? b.substring(1, b.length() - 1) : b;
      }
    }
    throw new AssertionError("no boundary in " + contentType);
  }

  /** The parts of {@code body}; fails on anything out of the syntax. */
  static List<Part> parse(byte[] body, String boundary) {
    byte[] first = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
    byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
    int pos = indexOf(body, first, 0);
    if (pos != 0) {
      throw new AssertionError("body does not start with the boundary");
    }
    pos += first.length;
    List<Part> parts = new ArrayList<>();
    while (true) {
      if (startsWith(body, pos, "--")) {
        return parts;
      }
      expect(body, pos, "\r\n");
      pos += 2;
      int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), pos);
      Map<String, String> headers = new LinkedHashMap<>();
      for (String line : new String(body, pos, headersEnd - pos, StandardCharsets.US_ASCII).split("\r\n")) {
        int colon = line.indexOf(':');
        headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
      }
      int dataStart = headersEnd + 4;
      int dataEnd = indexOf(body, delimiter, dataStart);
      if (dataEnd < 0) {
        throw new AssertionError("part is not closed by a delimiter");
      }
      parts.add(new Part(headers, Arrays.copyOfRange(body, dataStart, dataEnd)));
      pos = dataEnd + delimiter.length;
    }
  }

  private static void expect(byte[] body, int pos, String text) {
    if (!startsWith(body, pos, text)) {
      throw new AssertionError("expected '" + text.replace("\r\n", "CRLF") + "' at " + pos);
    }
  }

  private static boolean startsWith(byte[] body, int pos, String text) {
    byte[] t = text.getBytes(StandardCharsets.US_ASCII);
    return pos + t.length <= body.length && Arrays.equals(body, pos, pos + t.length, t, 0, t.length);
  }

  private static int indexOf(byte[] body, byte[] needle, int from) {
    for (int i = from; i + needle.length <= body.length; i++) {
      if (Arrays.equals(body, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }
}
