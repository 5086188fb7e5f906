package dev.floe.node.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.core.crypto.ProtocolKeyPair;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.junit.jupiter.api.Test;

/** The challenge key a signer derives from its protocol key. */
class ProtocolKeySignerTest {
  @Test
  void theChallengeKeyIsStablePerProtocolKeyAndOneWay() {
    ProtocolKeyPair key = ProtocolKeyPair.generate(new SecureRandom());
    ProtocolKeySigner signer = new ProtocolKeySigner(key);
    byte[] challengeKey = signer.challengeKey();
    assertThat(challengeKey).hasSize(32);

    // the same protocol key loaded again (a restarted node) derives the same key
    ProtocolKeyPair reloaded = ProtocolKeyPair.fromPrivateKey(key.privateKeyBytesForKeystore());
    assertThat(new ProtocolKeySigner(reloaded).challengeKey()).isEqualTo(challengeKey);
    // another node's key derives another one
    assertThat(new ProtocolKeySigner(ProtocolKeyPair.generate(new SecureRandom())).challengeKey())
        .isNotEqualTo(challengeKey);

    // BLAKE2b-256 keyed with the private key, personalisation "floe-chal-key-v1", over "storage challenge picks"
    Blake2bDigest d = new Blake2bDigest(key.privateKeyBytesForKeystore(), 32, null,
        "floe-chal-key-v1".getBytes(StandardCharsets.US_ASCII));
    byte[] message = "storage challenge picks".getBytes(StandardCharsets.US_ASCII);
    d.update(message, 0, message.length);
    byte[] expected = new byte[32];
    d.doFinal(expected, 0);
    assertThat(challengeKey).isEqualTo(expected);
    assertThat(challengeKey).isNotEqualTo(key.privateKeyBytesForKeystore());
  }

  @Test
  void theChallengeKeyIsACopyAndNeverPrinted() {
    ProtocolKeyPair key = ProtocolKeyPair.generate(new SecureRandom());
    ProtocolKeySigner signer = new ProtocolKeySigner(key);
    byte[] first = signer.challengeKey();
    first[0] ^= 1;
    assertThat(signer.challengeKey()).isNotEqualTo(first);
    String printed = signer.toString();
    assertThat(printed).contains(HexFormat.of().formatHex(key.address()));
    assertThat(printed).doesNotContain(HexFormat.of().formatHex(signer.challengeKey()))
        .doesNotContain(HexFormat.of().formatHex(key.privateKeyBytesForKeystore()));
  }
}
