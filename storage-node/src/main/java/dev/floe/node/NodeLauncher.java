package dev.floe.node;

import dev.floe.controlplane.Deployment;
import dev.floe.controlplane.evm.EvmAccount;
import dev.floe.controlplane.evm.EvmConfig;
import dev.floe.controlplane.evm.EvmControlPlane;
import dev.floe.node.chain.ControlPlaneNodeChain;
import dev.floe.node.keys.NodeKeys;
import java.net.URI;
import java.util.Locale;

/**
 * Builds a node from its config file against the real control plane: loads the keys from their
 * keystores, the deployment file, and connects the operator wallet to the chain. Used by {@code
 * floe node run|register|stake} and by localnet.
 */
public final class NodeLauncher {
  /** Longest wait for one chain call. */
  public static final long CHAIN_TIMEOUT_MILLIS = 120_000;

  private NodeLauncher() {}

  /** The node's keys; the operator wallet is required. */
  public static NodeKeys keys(StorageNodeConfig config) {
    if (config.keys() == null) {
      throw new StorageNodeConfig.ConfigException("the keys section is required");
    }
    NodeKeys keys = NodeKeys.load(config.keys());
    if (keys.wallet().isEmpty()) {
      throw new StorageNodeConfig.ConfigException("keys.wallet_keystore is required: the node sends transactions");
    }
    return keys;
  }

  /** The node's view of the chain, sending transactions from the operator wallet. */
  public static ControlPlaneNodeChain connect(StorageNodeConfig config, NodeKeys keys) {
    EvmAccount wallet = keys.wallet().orElseThrow();
    Deployment deployment = Deployment.load(config.chain().deploymentFile());
    EvmConfig evm = evmConfig(config.chain());
    EvmControlPlane cp = EvmControlPlane.connect(evm, deployment, wallet);
    return new ControlPlaneNodeChain(cp, keys.protocolKey(), config.chain().confirmationDepth(), CHAIN_TIMEOUT_MILLIS);
  }

  /**
   * The EVM connection settings of a chain section: fast receipt polling for a loopback RPC URL,
   * public-network settings otherwise, with the section's fee settings applied.
   */
  public static EvmConfig evmConfig(StorageNodeConfig.Chain chain) {
    EvmConfig base = isLocal(chain.rpcUrl()) ? EvmConfig.local(chain.rpcUrl()) : EvmConfig.remote(chain.rpcUrl());
    try {
      return chain.fees().applyTo(base, StorageNodeConfig.Chain.FEE_NAMES);
    } catch (IllegalArgumentException e) {
      throw new StorageNodeConfig.ConfigException(e.getMessage(), e);
    }
  }

  /** Creates and starts the node described by {@code config}. */
  public static StorageNode launch(StorageNodeConfig config) {
    NodeKeys keys = keys(config);
    ControlPlaneNodeChain chain = connect(config, keys);
    StorageNode node;
    try {
      node = StorageNode.create(config, chain, keys.signer(), null);
    } catch (RuntimeException e) {
      chain.close();
      throw e;
    }
    try {
      return node.start().join();
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
  }

  /** True for loopback RPC URLs (fast receipt polling). */
  static boolean isLocal(String rpcUrl) {
    try {
      String host = URI.create(rpcUrl).getHost();
      if (host == null) {
        return false;
      }
      host = host.toLowerCase(Locale.ROOT);
      return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
    } catch (IllegalArgumentException e) {
      throw new StorageNodeConfig.ConfigException("chain.rpc_url is not a URL: '" + rpcUrl + "'");
    }
  }
}
