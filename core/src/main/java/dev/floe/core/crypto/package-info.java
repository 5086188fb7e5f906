/**
 * Hash functions and protocol keys: Blake2b-256 (the hash of every Walrus commitment) with an
 * allocation-free scalar path and a four-lane Vector API batch path for Merkle trees, Keccak-256
 * (Ethereum addresses and digests) and secp256k1 protocol key pairs whose signatures the EVM
 * contracts check with {@code ecrecover}.
 */
package dev.floe.core.crypto;
