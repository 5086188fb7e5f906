/**
 * Blake2b-256 Merkle trees and inclusion proofs with the Walrus rules: prefixed leaf and inner
 * hashes, odd levels padded with the empty node (32 zero bytes, not hashed).
 */
package dev.floe.core.merkle;
