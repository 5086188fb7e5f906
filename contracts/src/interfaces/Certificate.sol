// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @notice A committee certificate over a Walrus-format message.
/// @dev scheme 1 = secp256k1: `signature` is the concatenation of 65-byte r||s||v signatures over
/// keccak256(message), one per set bit of `signersBitmap`, in ascending member order.
/// scheme 2 = BLS12-381 aggregate (reserved; rejected for now). The bitmap has bit i%8 of byte
/// i/8 (LSB first) set for committee member i.
struct Certificate {
    uint8 scheme;
    bytes signersBitmap;
    bytes message;
    bytes signature;
}
