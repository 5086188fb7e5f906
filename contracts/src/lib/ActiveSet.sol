// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title The active set: the bounded set of staked nodes committee selection reads, kept as a
/// min-heap on (stake, later registration first) so the member to evict is always at the root.
/// @notice Every operation costs O(log size) storage accesses; nodes are named by registry index.
library ActiveSet {
    /// A member, packed in one slot: its stake as last recorded and its registry index.
    struct Entry {
        uint96 stake;
        uint32 nodeIndex;
    }

    struct Set {
        Entry[] heap;
        /// registry index -> heap position + 1 (0 = not a member)
        mapping(uint32 => uint256) slot;
    }

    /// @return the number of members
    function size(Set storage s) internal view returns (uint256) {
        return s.heap.length;
    }

    /// @return whether the node with registry index `nodeIndex` is a member
    function contains(Set storage s, uint32 nodeIndex) internal view returns (bool) {
        return s.slot[nodeIndex] != 0;
    }

    /// @return the member evicted first: the lowest stake, among equal stakes the latest registered
    /// @dev Requires a non-empty set.
    function lowest(Set storage s) internal view returns (Entry memory) {
        return s.heap[0];
    }

    /// @notice Adds a node that is not a member (the caller checks the size bound).
    function insert(Set storage s, uint32 nodeIndex, uint96 stake) internal {
        s.heap.push();
        _siftUp(s, s.heap.length - 1, Entry(stake, nodeIndex));
    }

    /// @notice Replaces the lowest member by a node that is not a member.
    /// @return evicted the registry index of the member removed
    function replaceLowest(Set storage s, uint32 nodeIndex, uint96 stake) internal returns (uint32 evicted) {
        evicted = s.heap[0].nodeIndex;
        delete s.slot[evicted];
        _siftDown(s, 0, Entry(stake, nodeIndex));
    }

    /// @notice Records a member's new stake.
    function update(Set storage s, uint32 nodeIndex, uint96 stake) internal {
        uint256 pos = s.slot[nodeIndex] - 1;
        Entry memory e = Entry(stake, nodeIndex);
        if (_lower(e, s.heap[pos])) _siftUp(s, pos, e);
        else _siftDown(s, pos, e);
    }

    /// @notice Removes a member.
    function remove(Set storage s, uint32 nodeIndex) internal {
        uint256 pos = s.slot[nodeIndex] - 1;
        delete s.slot[nodeIndex];
        Entry memory last = s.heap[s.heap.length - 1];
        s.heap.pop();
        if (pos == s.heap.length) return;
        if (pos > 0 && _lower(last, s.heap[(pos - 1) / 2])) _siftUp(s, pos, last);
        else _siftDown(s, pos, last);
    }

    /// @return whether `a` is evicted before `b`
    function _lower(Entry memory a, Entry memory b) private pure returns (bool) {
        return a.stake < b.stake || (a.stake == b.stake && a.nodeIndex > b.nodeIndex);
    }

    function _place(Set storage s, uint256 pos, Entry memory e) private {
        s.heap[pos] = e;
        s.slot[e.nodeIndex] = pos + 1;
    }

    function _siftUp(Set storage s, uint256 pos, Entry memory e) private {
        while (pos > 0) {
            uint256 parent = (pos - 1) / 2;
            Entry memory p = s.heap[parent];
            if (!_lower(e, p)) break;
            _place(s, pos, p);
            pos = parent;
        }
        _place(s, pos, e);
    }

    function _siftDown(Set storage s, uint256 pos, Entry memory e) private {
        uint256 n = s.heap.length;
        while (true) {
            uint256 child = 2 * pos + 1;
            if (child >= n) break;
            Entry memory c = s.heap[child];
            if (child + 1 < n) {
                Entry memory r = s.heap[child + 1];
                if (_lower(r, c)) {
                    child++;
                    c = r;
                }
            }
            if (!_lower(c, e)) break;
            _place(s, pos, c);
            pos = child;
        }
        _place(s, pos, e);
    }
}
