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
    /// min(cap, floor(n * stake / total)), which D'Hondt always reaches, then hands out the rest
    /// from a max-heap ordered by (quotient, lower index first): the same result as the one-by-one
    /// procedure in O(m + r log m) for r remaining seats.
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
        if (assigned == nShards) return seats;
        uint256[] memory heap = new uint256[](m);
        uint256 size;
        for (uint256 i = 0; i < m; i++) {
            if (seats[i] < cap) heap[size++] = i;
        }
        for (uint256 k = size / 2; k > 0; k--) {
            _siftDown(heap, size, k - 1, stakes, seats);
        }
        while (assigned < nShards) {
            uint256 best = heap[0];
            seats[best]++;
            assigned++;
            if (seats[best] >= cap) heap[0] = heap[--size];
            if (size > 1) _siftDown(heap, size, 0, stakes, seats);
        }
    }

    /// @return whether node a comes before node b: a higher quotient, or equal and a lower index
    function _before(uint256 a, uint256 b, uint256[] memory stakes, uint256[] memory seats) private pure returns (bool) {
        uint256 lhs = stakes[a] * (seats[b] + 1);
        uint256 rhs = stakes[b] * (seats[a] + 1);
        return lhs > rhs || (lhs == rhs && a < b);
    }

    function _siftDown(uint256[] memory heap, uint256 size, uint256 i, uint256[] memory stakes, uint256[] memory seats)
        private
        pure
    {
        while (true) {
            uint256 top = i;
            uint256 l = 2 * i + 1;
            uint256 r = l + 1;
            if (l < size && _before(heap[l], heap[top], stakes, seats)) top = l;
            if (r < size && _before(heap[r], heap[top], stakes, seats)) top = r;
            if (top == i) return;
            (heap[i], heap[top]) = (heap[top], heap[i]);
            i = top;
        }
    }

    /// @notice Sorts `a` ascending in place (heapsort: O(m log m), no recursion, no allocation).
    function sortAscending(uint256[] memory a) internal pure {
        uint256 m = a.length;
        if (m < 2) return;
        uint256 base;
        assembly ("memory-safe") {
            base := add(a, 0x20)
        }
        unchecked {
            for (uint256 k = m / 2; k > 0; k--) {
                _siftDownMax(base, k - 1, m);
            }
            for (uint256 end = m - 1; end > 0; end--) {
                assembly ("memory-safe") {
                    let last := add(base, shl(5, end))
                    let top := mload(base)
                    mstore(base, mload(last))
                    mstore(last, top)
                }
                _siftDownMax(base, 0, end);
            }
        }
    }

    /// @dev Max-heap sift-down of element `i` among the `size` words starting at memory `base`.
    function _siftDownMax(uint256 base, uint256 i, uint256 size) private pure {
        assembly ("memory-safe") {
            let v := mload(add(base, shl(5, i)))
            for {} 1 {} {
                let child := add(shl(1, i), 1)
                if iszero(lt(child, size)) { break }
                let cv := mload(add(base, shl(5, child)))
                let right := add(child, 1)
                if lt(right, size) {
                    let rv := mload(add(base, shl(5, right)))
                    if gt(rv, cv) {
                        child := right
                        cv := rv
                    }
                }
                if iszero(gt(cv, v)) { break }
                mstore(add(base, shl(5, i)), cv)
                i := child
            }
            mstore(add(base, shl(5, i)), v)
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
