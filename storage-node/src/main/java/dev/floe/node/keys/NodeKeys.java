package dev.floe.node.keys;

import dev.floe.controlplane.KeyLoadingException;
import dev.floe.controlplane.evm.EvmAccount;
import dev.floe.controlplane.evm.Keystores;
import dev.floe.core.crypto.ProtocolKeyPair;
import dev.floe.node.StorageNodeConfig;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The node's keys, loaded from encrypted keystore files with the control plane's keystore loader:
 * the protocol key (signs confirmations and attestations) and, optionally, the operator wallet
 * (sends transactions). The password comes from the configured file, else from the configured
 * environment variable; it is wiped after use and never logged.
 *
 * @param protocolKey the protocol key
 * @param wallet the operator wallet, if configured
 */
public record NodeKeys(ProtocolKeyPair protocolKey, Optional<EvmAccount> wallet) {
  /** Loads the keys named by {@code keys}. */
  public static NodeKeys load(StorageNodeConfig.Keys keys) {
    return load(keys, System.getenv());
  }

  static NodeKeys load(StorageNodeConfig.Keys keys, Map<String, String> env) {
    char[] password = password(keys, env);
    try {
      ProtocolKeyPair protocol = Keystores.loadProtocolKey(keys.protocolKeystore(), password);
      Optional<EvmAccount> wallet = Optional.ofNullable(keys.walletKeystore())
          .map(f -> Keystores.loadAccount(f, password));
      return new NodeKeys(protocol, wallet);
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  /** The keystore password: the first line of the password file, else the environment variable. */
  static char[] password(StorageNodeConfig.Keys keys, Map<String, String> env) {
    Optional<Path> file = Optional.ofNullable(keys.passwordFile());
    if (file.isPresent()) {
      return Keystores.readPassword(file);
    }
    String fromEnv = env.get(keys.passwordEnv());
    if (fromEnv == null) {
      throw new KeyLoadingException("no keystore password: set keys.password_file or the environment variable "
          + keys.passwordEnv());
    }
    return fromEnv.toCharArray();
  }

  /** The signer over the protocol key. */
  public NodeSigner signer() {
    return new ProtocolKeySigner(protocolKey);
  }

  @Override
  public String toString() {
    return "NodeKeys[protocol " + protocolKey.addressHex()
        + wallet.map(w -> ", wallet " + w.address().toHex()).orElse("") + "]";
  }
}
