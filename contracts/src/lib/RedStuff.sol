// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title RS2 encoded-size arithmetic (Walrus redstuff.move).
library RedStuff {
    /// RS2 symbols are at most 65534 bytes.
    uint256 internal constant MAX_SYMBOL_SIZE = 65534;

    /// The blob is too large for the number of shards.
    error BlobTooLarge(uint64 size, uint256 maxSize);

    /// @return the symbol size: ceil(max(L,1) / ((n-2f)(n-f))) rounded up to even
    function symbolSize(uint64 size, uint256 nShards) internal pure returns (uint256) {
        uint256 f = (nShards - 1) / 3;
        uint256 symbols = (nShards - 2 * f) * (nShards - f);
        uint256 len = size == 0 ? 1 : size;
        uint256 s = (len - 1) / symbols + 1;
        if (s & 1 == 1) s++;
        if (s > MAX_SYMBOL_SIZE) revert BlobTooLarge(size, symbols * MAX_SYMBOL_SIZE);
        return s;
    }

    /// @return the billed encoded length n * ((n_p + n_s) * S + n * 64 + 32)
    function encodedLength(uint64 size, uint256 nShards) internal pure returns (uint256) {
        uint256 f = (nShards - 1) / 3;
        uint256 s = symbolSize(size, nShards);
        return nShards * ((2 * nShards - 3 * f) * s + nShards * 64 + 32);
    }
}
