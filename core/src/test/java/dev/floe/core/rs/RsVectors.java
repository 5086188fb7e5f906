package dev.floe.core.rs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The golden vectors of reed-solomon-simd 3.1.0 (see /work/shared/vectors/README.md). */
final class RsVectors {
  static final String RESOURCE = "/vectors/rs2-reed-solomon-simd-3.1.0.json";

  /** One encoder case of the JSON file. */
  record Case(
      int originalCount,
      int recoveryCount,
      int shardBytes,
      String rate,
      String originalSha256,
      String recoverySha256,
      String highRateSha256,
      String lowRateSha256,
      boolean recoveryComplete,
      List<String> recoveryHex) {

    byte[][] originals() {
      return RsVectors.originals(originalCount, shardBytes);
    }

    @Override
    public String toString() {
      return originalCount + "/" + recoveryCount + " x " + shardBytes + "B (" + rate + ")";
    }
  }

  private RsVectors() {}

  static List<Case> cases() {
    try (InputStream in = RsVectors.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + RESOURCE);
      }
      JsonNode root = new ObjectMapper().readTree(in);
      List<Case> cases = new ArrayList<>();
      for (JsonNode c : root.get("cases")) {
        List<String> hex = new ArrayList<>();
        c.get("recovery_hex").forEach(h -> hex.add(h.asText()));
        cases.add(
            new Case(
                c.get("original_count").asInt(),
                c.get("recovery_count").asInt(),
                c.get("shard_bytes").asInt(),
                c.get("rate").asText(),
                c.get("original_sha256").asText(),
                c.get("recovery_sha256").asText(),
                textOrNull(c.get("high_rate_recovery_sha256")),
                textOrNull(c.get("low_rate_recovery_sha256")),
                c.get("recovery_complete").asBoolean(),
                hex));
      }
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String textOrNull(JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }

  /** original[i][k] = (i*131 + k*7 + 3) mod 256. */
  static byte[][] originals(int count, int shardBytes) {
    byte[][] originals = new byte[count][shardBytes];
    for (int i = 0; i < count; i++) {
      for (int k = 0; k < shardBytes; k++) {
        originals[i][k] = (byte) (i * 131 + k * 7 + 3);
      }
    }
    return originals;
  }

  static String sha256(byte[][] shards) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (byte[] shard : shards) {
        digest.update(shard);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
