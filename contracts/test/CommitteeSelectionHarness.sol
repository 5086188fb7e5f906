// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {CommitteeSelection} from "../src/lib/CommitteeSelection.sol";

/// @title Test harness: exposes the committee-selection library for randomized checks by eth_call.
/// Not part of a deployment.
contract CommitteeSelectionHarness {
    /// @return seats D'Hondt seats for `stakes` over `nShards` with the per-node cap for their count
    function dHondt(uint256[] calldata stakes, uint256 nShards) external pure returns (uint256[] memory seats) {
        return CommitteeSelection.dHondt(stakes, nShards, CommitteeSelection.perNodeCap(nShards, stakes.length));
    }

    /// @return sorted `values` sorted ascending by the library's heapsort
    function sortAscending(uint256[] memory values) external pure returns (uint256[] memory sorted) {
        CommitteeSelection.sortAscending(values);
        return values;
    }

    /// @return owner the new owner of each shard
    function assignShards(uint16[] calldata prevOwner, uint256[] calldata prevToNew, uint256[] calldata seats, uint256 nShards)
        external
        pure
        returns (uint16[] memory owner)
    {
        return CommitteeSelection.assignShards(prevOwner, prevToNew, seats, nShards);
    }
}
