// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title Shard-weighted vote aggregation (Walrus's quorum_below / quorum_above).
library VoteMath {
    /// @notice Sorts `values` (ascending for quorum-below, descending for quorum-above) with a copy
    /// of `weights` alongside, and returns the first value at which the weight seen is a quorum
    /// (3w >= 2n+1): the lowest value a quorum voted at or below, or the highest value a quorum
    /// voted at or above. `values` is reordered.
    function quorumValue(uint256[] memory values, uint256[] memory weights, uint256 nShards, bool ascending)
        internal
        pure
        returns (uint256)
    {
        uint256 len = values.length;
        uint256[] memory w = new uint256[](len);
        for (uint256 i = 0; i < len; i++) {
            w[i] = weights[i];
        }
        for (uint256 i = 1; i < len; i++) {
            uint256 v = values[i];
            uint256 wi = w[i];
            uint256 j = i;
            while (j > 0 && (ascending ? values[j - 1] > v : values[j - 1] < v)) {
                values[j] = values[j - 1];
                w[j] = w[j - 1];
                j--;
            }
            values[j] = v;
            w[j] = wi;
        }
        uint256 acc;
        uint256 need = 2 * nShards + 1;
        for (uint256 i = 0; i < len; i++) {
            acc += w[i];
            if (3 * acc >= need) return values[i];
        }
        return values[len - 1];
    }
}
