/**
 * Hash functions and protocol keys: allocation-free Blake2b-256 (the hash of every Walrus
 * commitment), Keccak-256 (Ethereum addresses and digests) and secp256k1 protocol key pairs whose
 * signatures the EVM contracts check with {@code ecrecover}.
 */
package dev.floe.core.crypto;
