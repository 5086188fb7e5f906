package dev.floe.node.chain;

import java.math.BigInteger;
import java.util.Objects;

/**
 * What a node declares when it registers as a candidate (walrus-protocol.md §4.2 {@code
 * register_candidate}, EVM adaptation). The proof of possession is computed by the chain adapter
 * from the protocol key.
 *
 * @param name the node's name
 * @param networkAddress the public base URL of its REST API
 * @param commissionRateBps commission in basis points
 * @param storagePrice the node's storage price vote (per unit per epoch)
 * @param writePrice the node's write price vote (per unit)
 * @param capacity the node's capacity vote in bytes
 */
public record NodeRegistration(
    String name,
    String networkAddress,
    int commissionRateBps,
    BigInteger storagePrice,
    BigInteger writePrice,
    BigInteger capacity) {
  public NodeRegistration {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(networkAddress, "networkAddress");
    Objects.requireNonNull(storagePrice, "storagePrice");
    Objects.requireNonNull(writePrice, "writePrice");
    Objects.requireNonNull(capacity, "capacity");
  }
}
