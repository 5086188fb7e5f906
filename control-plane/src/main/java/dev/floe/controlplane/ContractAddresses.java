package dev.floe.controlplane;

/**
 * Where the Floe contracts live on the chain.
 *
 * @param token the ERC-20 token used for stake and storage payments
 * @param staking nodes, stake, committees, epochs, prices and certificate verification
 * @param system storage reservations and blobs (register, certify, extend, delete, invalidate)
 */
public record ContractAddresses(Address token, Address staking, Address system) {
  public ContractAddresses {
    if (token == null || staking == null || system == null) {
      throw new IllegalArgumentException("every contract address is required");
    }
  }
}
