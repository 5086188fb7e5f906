package dev.floe.controlplane.evm;

import dev.floe.controlplane.KeyLoadingException;
import dev.floe.core.crypto.ProtocolKeyPair;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.WalletUtils;
import org.web3j.crypto.exception.CipherException;
import org.web3j.utils.Numeric;

/**
 * Encrypted key files in the Ethereum keystore (web3 secret storage) format, for both account keys
 * and node protocol keys (both secp256k1). Passwords come from a file or an environment variable
 * and never appear in logs or exception messages.
 */
public final class Keystores {
  /** The environment variable holding a keystore password when no password file is given. */
  public static final String PASSWORD_ENV = "FLOE_KEY_PASSWORD";

  private Keystores() {}

  /** Loads an account from a keystore file. */
  public static EvmAccount loadAccount(Path keystoreFile, char[] password) {
    return new EvmAccount(load(keystoreFile, password));
  }

  /** Loads a node protocol key from a keystore file. */
  public static ProtocolKeyPair loadProtocolKey(Path keystoreFile, char[] password) {
    Credentials c = load(keystoreFile, password);
    byte[] key = Numeric.toBytesPadded(c.getEcKeyPair().getPrivateKey(), 32);
    try {
      return ProtocolKeyPair.fromPrivateKey(key);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** Writes an account's key into a new keystore file in {@code directory}; returns the file. */
  public static Path saveAccount(EvmAccount account, Path directory, char[] password) {
    byte[] key = account.privateKeyBytesForKeystore();
    try {
      return save(key, directory, password);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** Writes a protocol key into a new keystore file in {@code directory}; returns the file. */
  public static Path saveProtocolKey(ProtocolKeyPair key, Path directory, char[] password) {
    byte[] bytes = key.privateKeyBytesForKeystore();
    try {
      return save(bytes, directory, password);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /**
   * The password from {@code passwordFile} (first line, trailing newline removed) if given, else
   * from environment variable {@link #PASSWORD_ENV}.
   *
   * @throws KeyLoadingException if neither is available
   */
  public static char[] readPassword(Optional<Path> passwordFile) {
    return readPassword(passwordFile, System.getenv());
  }

  static char[] readPassword(Optional<Path> passwordFile, Map<String, String> env) {
    if (passwordFile.isPresent()) {
      Path f = passwordFile.get();
      try {
        String text = Files.readString(f, StandardCharsets.UTF_8);
        int nl = text.indexOf('\n');
        String line = nl >= 0 ? text.substring(0, nl) : text;
        if (line.endsWith("\r")) {
          line = line.substring(0, line.length() - 1);
        }
        return line.toCharArray();
      } catch (IOException e) {
        throw new KeyLoadingException("cannot read password file " + f + ": " + e.getClass().getSimpleName());
      }
    }
    String fromEnv = env.get(PASSWORD_ENV);
    if (fromEnv == null) {
      throw new KeyLoadingException("no keystore password: give a password file or set " + PASSWORD_ENV);
    }
    return fromEnv.toCharArray();
  }

  private static Credentials load(Path file, char[] password) {
    if (!Files.isRegularFile(file)) {
      throw new KeyLoadingException("keystore file " + file + " does not exist");
    }
    try {
      com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
      if (json == null || !(json.has("crypto") || json.has("Crypto"))) {
        throw new KeyLoadingException("cannot read keystore " + file + ": not a valid keystore file");
      }
      return WalletUtils.loadCredentials(new String(password), file.toFile());
    } catch (CipherException e) {
      throw new KeyLoadingException("cannot decrypt keystore " + file + ": wrong password or corrupted file");
    } catch (KeyLoadingException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new KeyLoadingException("cannot read keystore " + file + ": not a valid keystore file");
    }
  }

  private static Path save(byte[] privateKey, Path directory, char[] password) {
    try {
      Files.createDirectories(directory);
      ECKeyPair pair = ECKeyPair.create(new BigInteger(1, privateKey));
      String name = WalletUtils.generateWalletFile(new String(password), pair, directory.toFile(), false);
      return directory.resolve(name);
    } catch (CipherException | IOException e) {
      throw new KeyLoadingException("cannot write keystore into " + directory + ": " + e.getClass().getSimpleName());
    }
  }
}
