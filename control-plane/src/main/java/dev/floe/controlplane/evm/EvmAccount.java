package dev.floe.controlplane.evm;

import dev.floe.controlplane.Address;
import dev.floe.controlplane.KeyLoadingException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.List;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.utils.Numeric;

/**
 * An EVM account that signs transactions. Created from an encrypted keystore file ({@link
 * Keystores}), generated, or, for local chains only, one of anvil's public development keys.
 * {@link #toString()} shows the address only; the private key is never logged or printed.
 */
public final class EvmAccount {
  /** anvil's (and hardhat's) public development keys; funded on a fresh local chain. */
  private static final List<String> DEV_KEYS = List.of(
      "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
      "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
      "5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
      "7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
      "47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
      "8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
      "92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
      "4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
      "dbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
      "2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6");

  private final Credentials credentials;
  private final Address address;

  EvmAccount(Credentials credentials) {
    this.credentials = credentials;
    this.address = Address.parse(credentials.getAddress());
  }

  /** Number of public development keys. */
  public static int devAccountCount() {
    return DEV_KEYS.size();
  }

  /**
   * The public development account {@code index} (0..9) of anvil and hardhat. Only for local
   * chains: everyone knows these keys.
   */
  public static EvmAccount devAccount(int index) {
    if (index < 0 || index >= DEV_KEYS.size()) {
      throw new KeyLoadingException("development key index must be in [0, " + (DEV_KEYS.size() - 1) + "], got " + index);
    }
    return new EvmAccount(Credentials.create(DEV_KEYS.get(index)));
  }

  /** A new random account. */
  public static EvmAccount generate(SecureRandom random) {
    byte[] key = new byte[32];
    BigInteger d;
    do {
      random.nextBytes(key);
      d = new BigInteger(1, key);
    } while (d.signum() == 0 || d.compareTo(org.web3j.crypto.Sign.CURVE_PARAMS.getN()) >= 0);
    return new EvmAccount(Credentials.create(ECKeyPair.create(d)));
  }

  /** The account of a 32-byte private key (for keys held by the caller, e.g. read from a keystore). */
  public static EvmAccount fromPrivateKey(byte[] privateKey32) {
    if (privateKey32 == null || privateKey32.length != 32) {
      throw new KeyLoadingException("a private key has 32 bytes");
    }
    return new EvmAccount(Credentials.create(ECKeyPair.create(new BigInteger(1, privateKey32))));
  }

  /** The account's address. */
  public Address address() {
    return address;
  }

  /** The private key as 32 bytes, for writing a keystore; handle with care. */
  public byte[] privateKeyBytesForKeystore() {
    return Numeric.toBytesPadded(credentials.getEcKeyPair().getPrivateKey(), 32);
  }

  Credentials credentials() {
    return credentials;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EvmAccount a && address.equals(a.address);
  }

  @Override
  public int hashCode() {
    return address.hashCode();
  }

  @Override
  public String toString() {
    return "EvmAccount[" + address + "]";
  }
}
