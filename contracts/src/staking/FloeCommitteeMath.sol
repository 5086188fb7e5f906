// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {CommitteeSelection} from "../lib/CommitteeSelection.sol";
import {VoteMath} from "../lib/VoteMath.sol";

/// @title The pure arithmetic of committee selection and price votes, deployed once beside
/// FloeStaking, which calls it (STATICCALL, two calls per epoch): this keeps FloeStaking under the
/// EIP-170 code size limit. Stateless; anyone may call it.
contract FloeCommitteeMath {
    uint16 private constant NONE = type(uint16).max;

    /// The packed shard owners hold fewer than the shards.
    error PackedTooShort(uint256 words, uint256 shards);

    /// @notice Selects a committee of `nShards` shards. Shard owners cross the call packed as in
    /// storage (16 uint16 per word, shard i in bits 16·(i mod 16) of word i / 16), so the caller
    /// moves them between storage and the call word by word.
    /// @param keys the candidates as (registry index << 128 | stake), every stake > 0, in any order
    /// @param maxSize the most members: the highest stakes win, on a tie the lower registry index
    /// @param prevIndices the registry indices of the previous committee's members, in its order
    /// @param prevOwnerWords the previous committee's shard owners (member positions) packed, or empty
    /// @return members the members as (registry index << 16 | shard count), ascending index (capped
    ///   D'Hondt, ties to the lower index; members without a seat are left out); ownerWords the member
    ///   position holding each shard, packed, keeping previous shards where possible
    function select(
        uint256[] memory keys,
        uint256 maxSize,
        uint256 nShards,
        uint256[] memory prevIndices,
        uint256[] memory prevOwnerWords
    ) external pure returns (uint256[] memory members, uint256[] memory ownerWords) {
        if (keys.length > maxSize) keys = _highest(keys, maxSize);
        CommitteeSelection.sortAscending(keys);
        uint256 k = keys.length;
        uint256[] memory amounts = new uint256[](k);
        uint256[] memory indices = keys;
        for (uint256 j = 0; j < k; j++) {
            amounts[j] = uint128(keys[j]);
            indices[j] = keys[j] >> 128;
        }
        uint256[] memory seats = CommitteeSelection.dHondt(amounts, nShards, CommitteeSelection.perNodeCap(nShards, k));
        uint256 m;
        for (uint256 i = 0; i < k; i++) {
            if (seats[i] > 0) {
                indices[m] = indices[i];
                seats[m] = seats[i];
                m++;
            }
        }
        assembly ("memory-safe") {
            mstore(indices, m)
            mstore(seats, m)
        }
        uint256 pm = prevIndices.length;
        uint256[] memory prevToNew = new uint256[](pm);
        for (uint256 i = 0; i < pm; i++) {
            prevToNew[i] = _positionOf(indices, prevIndices[i]);
        }
        uint16[] memory prevOwner = _unpack(prevOwnerWords, prevOwnerWords.length == 0 ? 0 : nShards);
        ownerWords = _pack(CommitteeSelection.assignShards(prevOwner, prevToNew, seats, nShards));
        members = indices;
        for (uint256 j = 0; j < m; j++) {
            members[j] = (indices[j] << 16) | seats[j];
        }
    }

    /// @return storagePrice the quorum-below of `storageVotes`, writePrice that of `writeVotes`,
    ///   capacity the quorum-above of `capacityVotes`, each weighted by `weights` (shards of n)
    function prices(
        uint256[] memory storageVotes,
        uint256[] memory writeVotes,
        uint256[] memory capacityVotes,
        uint256[] memory weights,
        uint256 nShards
    ) external pure returns (uint256 storagePrice, uint256 writePrice, uint256 capacity) {
        storagePrice = VoteMath.quorumValue(storageVotes, weights, nShards, true);
        writePrice = VoteMath.quorumValue(writeVotes, weights, nShards, true);
        capacity = VoteMath.quorumValue(capacityVotes, weights, nShards, false);
    }

    /// @return top the `c` keys (index << 128 | stake) with the highest stakes, on a tie the lower index
    function _highest(uint256[] memory keys, uint256 c) private pure returns (uint256[] memory top) {
        uint256 k = keys.length;
        for (uint256 i = 0; i < k; i++) {
            // larger: more stake, or as much and registered earlier
            keys[i] = (uint256(uint128(keys[i])) << 32) | (type(uint32).max - (keys[i] >> 128));
        }
        CommitteeSelection.sortAscending(keys);
        top = new uint256[](c);
        for (uint256 j = 0; j < c; j++) {
            uint256 key = keys[k - 1 - j];
            top[j] = (uint256(type(uint32).max - uint32(key)) << 128) | (key >> 32);
        }
    }

    /// @return a the first `n` uint16 packed in `words` (16 per word, the first in the low bits)
    function _unpack(uint256[] memory words, uint256 n) private pure returns (uint16[] memory a) {
        if (words.length < (n + 15) >> 4) revert PackedTooShort(words.length, n);
        a = new uint16[](n);
        assembly ("memory-safe") {
            let src := add(words, 0x20)
            let dst := add(a, 0x20)
            for { let s := 0 } lt(s, n) { s := add(s, 1) } {
                let w := mload(add(src, shl(5, shr(4, s))))
                mstore(add(dst, shl(5, s)), and(shr(shl(4, and(s, 15)), w), 0xffff))
            }
        }
    }

    /// @return words `a` packed 16 per word, the first in the low bits, as Solidity stores a uint16[]
    function _pack(uint16[] memory a) private pure returns (uint256[] memory words) {
        uint256 n = a.length;
        words = new uint256[]((n + 15) >> 4);
        assembly ("memory-safe") {
            let src := add(a, 0x20)
            let dst := add(words, 0x20)
            for { let s := 0 } lt(s, n) { s := add(s, 1) } {
                let p := add(dst, shl(5, shr(4, s)))
                mstore(p, or(mload(p), shl(shl(4, and(s, 15)), and(mload(add(src, shl(5, s))), 0xffff))))
            }
        }
    }

    /// @return the position of `index` in the ascending `indices`, or NONE
    function _positionOf(uint256[] memory indices, uint256 index) private pure returns (uint256) {
        uint256 lo = 0;
        uint256 hi = indices.length;
        while (lo < hi) {
            uint256 mid = (lo + hi) / 2;
            if (indices[mid] < index) lo = mid + 1;
            else hi = mid;
        }
        return lo < indices.length && indices[lo] == index ? lo : NONE;
    }
}
