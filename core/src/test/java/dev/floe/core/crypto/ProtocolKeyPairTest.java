package dev.floe.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.errors.InvalidDataException;
import dev.floe.core.errors.InvalidSignatureException;
import dev.floe.core.errors.InvalidSizeException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.junit.jupiter.api.Test;

class ProtocolKeyPairTest {
  @Test
  void deriveSecretIsKeyedBlake2bWithPersonalisation() {
    byte[] priv = new byte[32];
    for (int i = 0; i < 32; i++) {
      priv[i] = (byte) (i + 1);
    }
    ProtocolKeyPair key = ProtocolKeyPair.fromPrivateKey(priv);
    byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
    // computed independently with Python's hashlib.blake2b(b"abc", digest_size=32, key=priv, person=...)
    assertThat(HexFormat.of().formatHex(key.deriveSecret("floe-test-pers-1".getBytes(StandardCharsets.US_ASCII), abc)))
        .isEqualTo("48174eaeeaafd1ddc2f85514ae86097ad5d74028d84a53f6cb781c169adcd84c");
    assertThat(HexFormat.of().formatHex(key.deriveSecret("floe-test-pers-2".getBytes(StandardCharsets.US_ASCII), abc)))
        .isEqualTo("35cf113fd3aa981560758cb9599730f55bfc42fb277c9ef75325372457a27864");
    assertThatThrownBy(() -> key.deriveSecret(new byte[15], abc))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16 bytes");
    // the key pair keeps working after a derivation (the wiped bytes were a copy)
    assertThat(key.privateKeyBytesForKeystore()).isEqualTo(priv);
  }

  private static final HexFormat HEX = HexFormat.of();
  private static final String ANVIL_KEY = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
  /** web3j's SampleKeys key, with its published public key, address and signature of "A test message". */
  private static final String WEB3J_KEY = "a392604efc2fad9c0b3da43b5f698a2e3f270f170d859912be0d54742275c5f6";
  private static final BigInteger N =
      new BigInteger("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);

  private static ProtocolKeyPair key(String hex) {
    return ProtocolKeyPair.fromPrivateKey(HEX.parseHex(hex));
  }

  @Test
  void shouldDeriveTheAnvilDevAccountAddress() {
    assertThat(key(ANVIL_KEY).addressHex()).isEqualTo("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266");
  }

  @Test
  void shouldMatchThePublishedWeb3jVectors() {
    ProtocolKeyPair k = key(WEB3J_KEY);
    assertThat(HEX.formatHex(k.publicKey()))
        .isEqualTo(
            "506bc1dc099358e5137292f4efdd57e400f29ba5132aa5d12b18dac1c1f6aab"
                + "a645c0b7b58158babbfa6c6cd5a48aa7340a8749176b120e8516216787a13dc76");
    assertThat(k.addressHex()).isEqualTo("0xef678007d18427e6022059dbc264f27507cd1ffc");
    byte[] signature = k.sign("A test message".getBytes(StandardCharsets.US_ASCII));
    assertThat(HEX.formatHex(signature))
        .isEqualTo(
            "9631f6d21dec448a213585a4a41a28ef3d4337548aa34734478b563036163786"
                + "2ff816ee6bbb82719e983ecd8a33a4b45d32a4b58377ef1381163d75eedc900b"
                + "1b");
  }

  @Test
  void shouldRecoverTheGoEthereumSignatureVector() {
    // go-ethereum crypto/signature_test.go: a digest, a signature with recovery id 1, and its key
    byte[] digest = HEX.parseHex("ce0677bb30baa8cf067c88db9811f4333d131bf8bcf12fe7065d211dce971008");
    byte[] sig =
        HEX.parseHex(
            "90f27b8b488db00b00606796d2987f6a5f59ae62ea05effe84fef5b8b0e54998"
                + "4a691139ad57a3f0b906637673aa2f63d1f55cb1a69199d4009eea23ceaddc93"
                + "1c");
    String publicKey =
        "e32df42865e97135acfb65f3bae71bdc86f4d49150ad6a440b6f15878109880a"
            + "0a2b2667f7e725ceea70c673093bf67663e0312623c8e091b13cf2c0f11ef652";
    assertThat(HEX.formatHex(ProtocolKeyPair.recoverPublicKeyFromDigest(digest, sig))).isEqualTo(publicKey);
    assertThat(ProtocolKeyPair.recoverAddressFromDigest(digest, sig))
        .isEqualTo(ProtocolKeyPair.addressOf(HEX.parseHex(publicKey)));
  }

  @Test
  void shouldSignDeterministicallyWithLowSAndVerify() {
    ProtocolKeyPair k = ProtocolKeyPair.generate(new SecureRandom());
    byte[] message = "confirmation".getBytes(StandardCharsets.US_ASCII);
    byte[] sig = k.sign(message);
    assertThat(k.sign(message)).isEqualTo(sig);
    assertThat(new BigInteger(1, Arrays.copyOfRange(sig, 32, 64))).isLessThanOrEqualTo(N.shiftRight(1));
    assertThat(sig[64]).isIn((byte) 27, (byte) 28);
    assertThat(ProtocolKeyPair.recoverAddress(message, sig)).isEqualTo(k.address());
    assertThat(ProtocolKeyPair.verify(message, sig, k.address())).isTrue();
    assertThat(ProtocolKeyPair.verify("other".getBytes(StandardCharsets.US_ASCII), sig, k.address())).isFalse();
  }

  @Test
  void shouldProduceSignaturesThatBouncyCastleVerifies() {
    ProtocolKeyPair k = key(ANVIL_KEY);
    byte[] message = "bc cross-check".getBytes(StandardCharsets.US_ASCII);
    byte[] sig = k.sign(message);
    X9ECParameters p = CustomNamedCurves.getByName("secp256k1");
    ECDomainParameters domain = new ECDomainParameters(p.getCurve(), p.getG(), p.getN(), p.getH());
    byte[] encoded = new byte[65];
    encoded[0] = 4;
    System.arraycopy(k.publicKey(), 0, encoded, 1, 64);
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, new ECPublicKeyParameters(p.getCurve().decodePoint(encoded), domain));
    assertThat(
            verifier.verifySignature(
                Keccak256.hash(message),
                new BigInteger(1, Arrays.copyOfRange(sig, 0, 32)),
                new BigInteger(1, Arrays.copyOfRange(sig, 32, 64))))
        .isTrue();
  }

  @Test
  void shouldRejectHighS() {
    ProtocolKeyPair k = key(ANVIL_KEY);
    byte[] message = "malleable".getBytes(StandardCharsets.US_ASCII);
    byte[] sig = k.sign(message);
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
    byte[] highS = sig.clone();
    byte[] flipped = toBytes32(N.subtract(s));
    System.arraycopy(flipped, 0, highS, 32, 32);
    highS[64] = (byte) (sig[64] == 27 ? 28 : 27);
    assertThatThrownBy(() -> ProtocolKeyPair.recoverAddress(message, highS))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("high-s");
    assertThat(ProtocolKeyPair.verify(message, highS, k.address())).isFalse();
  }

  @Test
  void shouldRejectBadVZeroRAndWrongLengths() {
    ProtocolKeyPair k = key(ANVIL_KEY);
    byte[] message = {1, 2, 3};
    byte[] sig = k.sign(message);
    byte[] badV = sig.clone();
    badV[64] = 1;
    assertThatThrownBy(() -> ProtocolKeyPair.recoverAddress(message, badV))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("v must be 27 or 28, got 1");
    byte[] zeroR = sig.clone();
    Arrays.fill(zeroR, 0, 32, (byte) 0);
    assertThatThrownBy(() -> ProtocolKeyPair.recoverAddress(message, zeroR))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("r is outside");
    byte[] rTooBig = sig.clone();
    System.arraycopy(toBytes32(N), 0, rTooBig, 0, 32);
    assertThatThrownBy(() -> ProtocolKeyPair.recoverAddress(message, rTooBig)).isInstanceOf(InvalidSignatureException.class);
    assertThatThrownBy(() -> ProtocolKeyPair.recoverAddress(message, Arrays.copyOf(sig, 64)))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("65 bytes");
    assertThat(ProtocolKeyPair.verify(message, sig, new byte[19])).isFalse();
  }

  @Test
  void shouldRejectInvalidPrivateKeys() {
    assertThatThrownBy(() -> ProtocolKeyPair.fromPrivateKey(new byte[31])).isInstanceOf(InvalidSizeException.class);
    assertThatThrownBy(() -> ProtocolKeyPair.fromPrivateKey(new byte[32]))
        .isInstanceOf(InvalidDataException.class)
        .hasMessageContaining("outside [1, n)");
    assertThatThrownBy(() -> ProtocolKeyPair.fromPrivateKey(toBytes32(N))).isInstanceOf(InvalidDataException.class);
  }

  @Test
  void shouldNeverPrintThePrivateKey() {
    ProtocolKeyPair k = key(ANVIL_KEY);
    assertThat(k.toString()).doesNotContain(ANVIL_KEY).doesNotContain(ANVIL_KEY.substring(0, 16)).contains(k.addressHex());
    assertThat(HEX.formatHex(k.privateKeyBytesForKeystore())).isEqualTo(ANVIL_KEY);
    assertThat(ProtocolKeyPair.fromPrivateKey(k.privateKeyBytesForKeystore())).isEqualTo(k);
  }

  @Test
  void shouldHashWithKeccakNotSha3() {
    // keccak256("") as used by Ethereum (SHA3-256("") would be a7ffc6f8...)
    assertThat(HEX.formatHex(Keccak256.hash(new byte[0])))
        .isEqualTo("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  }

  @Property(tries = 30)
  void everySignatureRecoversItsSigner(@ForAll @Size(max = 200) byte[] message, @ForAll @Size(value = 32) byte[] seed) {
    BigInteger d = new BigInteger(1, seed).mod(N.subtract(BigInteger.ONE)).add(BigInteger.ONE);
    ProtocolKeyPair k = ProtocolKeyPair.fromPrivateKey(toBytes32(d));
    byte[] sig = k.sign(message);
    assertThat(ProtocolKeyPair.recoverAddress(message, sig)).isEqualTo(k.address());
    byte[] tampered = message.clone();
    if (tampered.length > 0) {
      tampered[0] ^= 1;
      assertThat(ProtocolKeyPair.verify(tampered, sig, k.address())).isFalse();
    }
  }

  private static byte[] toBytes32(BigInteger value) {
    byte[] raw = value.toByteArray();
    byte[] out = new byte[32];
    int copy = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
    return out;
  }
}
