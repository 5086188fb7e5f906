// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {Committees} from "../lib/Committees.sol";
import {RewardHistory} from "../lib/RewardHistory.sol";
import {StakingState} from "./StakingState.sol";
import {DelegatedOnly} from "./DelegatedOnly.sol";

/// @title Views of stake positions, rewards and committees.
/// @notice Part of FloeStakingExtension: runs in FloeStaking's storage through its fallback
/// (DELEGATECALL), so callers read them at FloeStaking's address.
abstract contract StakingViews is StakingState, DelegatedOnly {
    using RewardHistory for RewardHistory.Checkpoint[];

    struct StakeView {
        bytes32 stakeId;
        address owner;
        address node;
        uint256 amount;
        /// the amount after slashing: what withdrawStake pays as principal
        uint256 principal;
        uint32 activationEpoch;
        uint32 withdrawEpoch;
        bool withdrawn;
    }

    /// @return v the stake position (owner = address(0) when unknown)
    function getStake(bytes32 stakeId) external view onlyDelegated returns (StakeView memory v) {
        StakePosition storage p = stakes[stakeId];
        return StakeView(stakeId, p.owner, p.node, p.amount, _principal(p), p.activationEpoch, p.withdrawEpoch, p.withdrawn);
    }

    /// @return rewards earned by the position so far (through the last finished epoch)
    function stakeRewards(bytes32 stakeId) external view onlyDelegated returns (uint256) {
        StakePosition storage p = stakes[stakeId];
        if (p.owner == address(0) || p.withdrawn) return 0;
        return _rewards(p);
    }

    /// @return cumulative rewards per unit of stake (scaled by 1e18) of `nodeId` through epoch `e`
    function cumulativeRewardPerStake(address nodeId, uint32 e) external view onlyDelegated returns (uint256) {
        return rewardHistory[nodeId].cumulativeAt(e);
    }

    /// @return nodeIds members in committee order, protocolKeys their signing addresses, weights
    ///   their shard counts, shardOwner for each shard the index of the member holding it
    function getCommittee(uint32 epoch_)
        external
        view
        onlyDelegated
        returns (address[] memory nodeIds, address[] memory protocolKeys, uint16[] memory weights, uint16[] memory shardOwner)
    {
        Committees.Committee storage c = committees[epoch_];
        uint256 m = c.keys.length;
        nodeIds = new address[](m);
        protocolKeys = new address[](m);
        weights = new uint16[](m);
        for (uint256 i = 0; i < m; i++) {
            Committees.MemberKey storage k = c.keys[i];
            nodeIds[i] = nodeList[k.nodeIndex];
            protocolKeys[i] = k.protocolKeyAddress;
            weights[i] = k.weight;
        }
        shardOwner = c.shardOwner;
    }
}
