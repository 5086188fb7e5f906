package dev.floe.indexer.store;

/**
 * A registered storage node.
 *
 * @param nodeId the node ID (0x-hex)
 * @param name its name
 * @param networkAddress where it serves
 * @param protocolKeyAddress the address of its protocol key (signs confirmations)
 * @param registeredEpoch the epoch it registered in
 * @param activeStakes how many stake positions on it are not withdrawn
 */
public record NodeView(
    String nodeId, String name, String networkAddress, String protocolKeyAddress, int registeredEpoch,
    int activeStakes) {}
