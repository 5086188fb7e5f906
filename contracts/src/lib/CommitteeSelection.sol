// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title Committee selection: D'Hondt apportionment of n shards by stake with a per-node cap, and
/// a shard assignment that keeps existing shards where possible (walrus-protocol.md §4.5).
library CommitteeSelection {
    uint16 internal constant NONE = type(uint16).max;

    /// @return the most shards one node may hold: n/10 with 20 or more nodes, else
    ///   ceil(20n / (10 * nodes)); at least 1
    function perNodeCap(uint256 nShards, uint256 nodes) internal pure returns (uint256) {
        uint256 cap = nodes >= 20 ? nShards / 10 : (nShards * 20 + nodes * 10 - 1) / (nodes * 10);
        return cap == 0 ? 1 : cap;
    }

    /// @notice Capped D'Hondt: seats go one by one to the node with the highest stake/(seats+1)
    /// among those below the cap; ties go to the lower index. Starts from the lower quota
    /// min(cap, floor(n * stake / total)), which D'Hondt always reaches, so the result equals the
    /// one-by-one procedure.
    /// @dev Requires every stake > 0 and cap * stakes.length >= nShards.
    function dHondt(uint256[] memory stakes, uint256 nShards, uint256 cap) internal pure returns (uint256[] memory seats) {
        uint256 m = stakes.length;
        seats = new uint256[](m);
        uint256 total;
        for (uint256 i = 0; i < m; i++) total += stakes[i];
        uint256 assigned;
        for (uint256 i = 0; i < m; i++) {
            uint256 q = (nShards * stakes[i]) / total;
            if (q > cap) q = cap;
            seats[i] = q;
            assigned += q;
        }
        while (assigned < nShards) {
            uint256 best = type(uint256).max;
            for (uint256 i = 0; i < m; i++) {
                if (seats[i] >= cap) continue;
                if (best == type(uint256).max || stakes[i] * (seats[best] + 1) > stakes[best] * (seats[i] + 1)) {
                    best = i;
                }
            }
            seats[best]++;
            assigned++;
        }
    }

    /// @notice Assigns shards to members: a member keeps up to `seats` of the shards it held in the
    /// previous committee (lowest shard indices first); the freed shards go, in ascending order, to
    /// members still short, in member order. With no previous committee the members get contiguous
    /// ranges in member order.
    /// @param prevOwner shard -> previous member index (empty when there was no committee)
    /// @param prevToNew previous member index -> new member index, or NONE
    /// @param seats shards each new member gets
    function assignShards(uint16[] memory prevOwner, uint256[] memory prevToNew, uint256[] memory seats, uint256 nShards)
        internal
        pure
        returns (uint16[] memory owner)
    {
        owner = new uint16[](nShards);
        uint256[] memory held = new uint256[](seats.length);
        bool hasPrev = prevOwner.length == nShards;
        for (uint256 s = 0; s < nShards; s++) {
            owner[s] = NONE;
            if (!hasPrev) continue;
            uint256 j = prevToNew[prevOwner[s]];
            if (j != NONE && held[j] < seats[j]) {
                owner[s] = uint16(j);
                held[j]++;
            }
        }
        uint256 next;
        for (uint256 s = 0; s < nShards; s++) {
            if (owner[s] != NONE) continue;
            while (held[next] >= seats[next]) next++;
            owner[s] = uint16(next);
            held[next]++;
        }
    }
}
