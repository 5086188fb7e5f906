// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title secp256k1 signatures r||s||v (65 bytes, v in {27, 28}, low s) over keccak256(message).
library Signatures {
    uint256 internal constant HALF_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;

    /// @return signer the recovered address, or address(0) when the signature is malformed
    ///   (wrong v, high s, s = 0) or does not recover
    function recover(bytes32 digest, bytes calldata sig, uint256 offset) internal pure returns (address signer) {
        bytes32 r = bytes32(sig[offset:offset + 32]);
        bytes32 s = bytes32(sig[offset + 32:offset + 64]);
        uint8 v = uint8(sig[offset + 64]);
        if (uint256(s) > HALF_ORDER || uint256(s) == 0 || (v != 27 && v != 28)) return address(0);
        return ecrecover(digest, v, r, s);
    }

    /// @return whether s is in the upper half of the curve order
    function isHighS(bytes calldata sig, uint256 offset) internal pure returns (bool) {
        return uint256(bytes32(sig[offset + 32:offset + 64])) > HALF_ORDER;
    }

    /// @return the address of a 64-byte public key x||y: keccak256(x||y)[12..32]
    function keyAddress(bytes calldata publicKey) internal pure returns (address) {
        return address(uint160(uint256(keccak256(publicKey))));
    }
}
