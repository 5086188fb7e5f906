// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title Blob ID derivation with Blake2b-256 through the EIP-152 BLAKE2 F precompile.
/// @notice blob_id = Blake2b256(u8 encoding_type || u64_le(size) || root[32]), exactly as Walrus's
/// `derive_blob_id`. The 41-byte input fits one 128-byte block: a single final compression with
/// 12 rounds, counter 41, from the Blake2b-256 initial state (IV with h0 ^= 0x01010020).
library BlobIds {
    /// The BLAKE2 F precompile failed (not available on this chain).
    error Blake2fUnavailable();

    // IV[0..3] ^ parameter block, as the precompile reads it: 8 little-endian u64 words.
    bytes32 private constant H_LO = 0x28c9bdf267e6096a3ba7ca8485ae67bb2bf894fe72f36e3cf1361d5f3af54fa5;
    bytes32 private constant H_HI = 0xd182e6ad7f520e511f6c3e2b8c68059b6bbd41fbabd9831f79217e1319cde05b;

    /// @return id the blob ID for the given encoding type, unencoded size and Merkle root
    function derive(uint8 encodingType, uint64 size, bytes32 root) internal view returns (bytes32 id) {
        uint64 le = reverse64(size);
        bool ok;
        assembly ("memory-safe") {
            let p := mload(0x40)
            // 213-byte input: rounds[4] h[64] m[128] t[16] f[1]; zero 224 bytes first
            for { let i := 0 } lt(i, 224) { i := add(i, 32) } { mstore(add(p, i), 0) }
            mstore(p, shl(224, 12))
            mstore(add(p, 4), H_LO)
            mstore(add(p, 36), H_HI)
            mstore8(add(p, 68), encodingType)
            mstore(add(p, 69), shl(192, le))
            mstore(add(p, 77), root)
            mstore8(add(p, 196), 41)
            mstore8(add(p, 212), 1)
            ok := staticcall(gas(), 0x09, p, 213, p, 64)
            id := mload(p)
        }
        if (!ok) revert Blake2fUnavailable();
    }

    /// @return the byte-reversed value (big-endian <-> little-endian)
    function reverse64(uint64 x) internal pure returns (uint64) {
        x = ((x & 0xFF00FF00FF00FF00) >> 8) | ((x & 0x00FF00FF00FF00FF) << 8);
        x = ((x & 0xFFFF0000FFFF0000) >> 16) | ((x & 0x0000FFFF0000FFFF) << 16);
        return (x >> 32) | (x << 32);
    }
}
