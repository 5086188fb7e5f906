// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title Per-node cumulative rewards per unit of stake, checkpointed by epoch.
/// @notice A stake position earns amount * (cumulative(end - 1) - cumulative(start - 1)) / 1e18
/// for the epochs [start, end) it counted in, without iterating over positions.
library RewardHistory {
    uint256 internal constant PRECISION = 1e18;

    struct Checkpoint {
        uint32 epoch;
        uint224 cumulative;
    }

    /// @return the cumulative reward per unit of stake (scaled by 1e18) through epoch `e`
    function cumulativeAt(Checkpoint[] storage h, uint32 e) internal view returns (uint256) {
        uint256 lo = 0;
        uint256 hi = h.length;
        while (lo < hi) {
            uint256 mid = (lo + hi) / 2;
            if (h[mid].epoch <= e) lo = mid + 1;
            else hi = mid;
        }
        return lo == 0 ? 0 : h[lo - 1].cumulative;
    }

    /// @notice Records that epoch `e` paid `amount` to a pool of `stake` (e after every earlier record).
    function add(Checkpoint[] storage h, uint32 e, uint256 amount, uint256 stake) internal {
        uint256 previous = h.length == 0 ? 0 : h[h.length - 1].cumulative;
        h.push(Checkpoint(e, uint224(previous + (amount * PRECISION) / stake)));
    }
}
