package dev.floe.indexer.store;

/**
 * What a {@code NodeUpdated} event does not carry and the indexer reads from the chain: a node's
 * current name, network address and protocol key address.
 *
 * @param name the node's name
 * @param networkAddress where its REST API listens
 * @param protocolKeyAddress the address its protocol key signs as (0x-hex)
 */
public record NodeDetails(String name, String networkAddress, String protocolKeyAddress) {}
