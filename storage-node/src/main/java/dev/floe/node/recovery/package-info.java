/**
 * Sliver recovery: a node missing slivers of a certified blob fetches the blob's metadata from
 * peers, then asks them for the symbols at the intersections with its slivers, each with a Merkle
 * proof against the source sliver's commitment, and rebuilds just those slivers (bounded
 * parallelism, retries with backoff). A rebuilt sliver that does not match the metadata proves an
 * inconsistent encoding: the node sends the proof to its peers, collects their signed attestations
 * and invalidates the blob on-chain.
 */
package dev.floe.node.recovery;
