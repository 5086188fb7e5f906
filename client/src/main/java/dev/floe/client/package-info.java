/**
 * The Floe Java SDK. {@link dev.floe.client.FloeClient} stores, reads, extends and deletes blobs on a
 * Floe deployment: {@link dev.floe.client.BlobWriter} encodes, registers on-chain, uploads sliver
 * pairs to the committee and certifies with a quorum of signed confirmations; {@link
 * dev.floe.client.BlobReader} fetches verified metadata and n-2f verified primary slivers, decodes and
 * checks consistency. Up to f faulty shards (down, slow or lying) are routed around; beyond that the
 * read fails with {@link dev.floe.client.BlobNotAvailableException}, never with wrong bytes. {@link
 * dev.floe.client.ClientConfig} bounds concurrency, bytes in flight and timeouts; {@link
 * dev.floe.client.ChainConnection} says how to reach the chain (any EVM RPC URL).
 */
package dev.floe.client;
