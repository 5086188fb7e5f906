// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {IERC20} from "./interfaces/IERC20.sol";
import {IFloeSystem} from "./interfaces/IFloeSystem.sol";
import {IFloeStaking} from "./interfaces/IFloeStaking.sol";
import {Certificate} from "./interfaces/Certificate.sol";
import {Committees} from "./lib/Committees.sol";
import {CommitteeSelection} from "./lib/CommitteeSelection.sol";
import {RewardHistory} from "./lib/RewardHistory.sol";
import {VoteMath} from "./lib/VoteMath.sol";
import {StakingState} from "./staking/StakingState.sol";
import {NodeRegistry} from "./staking/NodeRegistry.sol";
import {StakePool} from "./staking/StakePool.sol";

/// @title Floe staking: storage nodes, delegated stake, committees, the epoch state machine,
/// price votes and committee certificate verification.
/// @notice Epoch state machine (walrus-protocol.md §5.5), times counted from when the last epoch
/// change completed (t = EpochChangeDone):
///   DONE(t) --votingEnd (t + duration/2)--> SELECTED --initiateEpochChange (t + duration)-->
///   SYNC (epoch + 1) --epochSyncDone by a quorum of the new committee's shards--> DONE(now).
/// Epoch 0 is the genesis epoch without a committee; the owner may end it at once.
contract FloeStaking is IFloeStaking, NodeRegistry, StakePool {
    using Committees for Committees.Committee;
    using RewardHistory for RewardHistory.Checkpoint[];

    constructor(
        IERC20 token_,
        uint16 nShards_,
        uint64 epochDuration_,
        uint96 minStake_,
        uint16 maxCommitteeSize_,
        uint16 maxNodes_
    ) StakingState(token_, nShards_, epochDuration_, minStake_, maxCommitteeSize_, maxNodes_) {}

    /// @notice Links the blob system; owner only, once.
    function setSystem(IFloeSystem system_) external {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        if (address(system) != address(0)) revert SystemAlreadySet();
        system = system_;
    }

    // ------------------------------------------------------------------ epochs

    /// @notice Ends voting: selects the next committee. Due duration/2 after the last epoch change completed.
    function votingEnd() external {
        if (phase != PHASE_DONE) revert WrongEpochState(phase, PHASE_DONE);
        _requireTime(epochDuration / 2);
        _selectCommittee(epoch + 1);
        phase = PHASE_SELECTED;
        emit EpochParametersSelected(epoch + 1);
    }

    /// @notice Starts the next epoch with the selected committee. Due a duration after the last epoch
    /// change completed.
    function initiateEpochChange() external {
        if (phase != PHASE_SELECTED) revert WrongEpochState(phase, PHASE_SELECTED);
        if (address(system) == address(0)) revert SystemNotSet();
        _requireTime(epochDuration);
        uint32 ended = epoch;
        uint32 next = ended + 1;
        uint256 rewards = system.onEpochChange(next);
        _distributeRewards(ended, rewards + rewardCarry);
        uint256 count = nodeList.length;
        for (uint256 i = 0; i < count; i++) {
            address a = nodeList[i];
            int256 d = stakeDelta[a][next];
            if (d != 0) {
                nodes[a].activeStake = uint96(uint256(int256(uint256(nodes[a].activeStake)) + d));
                delete stakeDelta[a][next];
            }
        }
        epoch = next;
        epochStart = uint64(block.timestamp);
        _refreshPrices();
        emit EpochChangeStart(next);
        if (committees[ended].size() == 0) {
            phase = PHASE_DONE;
            epochChangeDoneAt = uint64(block.timestamp);
            emit EpochChangeDone(next);
        } else {
            phase = PHASE_SYNC;
        }
    }

    /// @notice The caller's node reports that it holds all its shards of epoch `epoch_`.
    function epochSyncDone(uint32 epoch_) external {
        if (epoch_ != epoch) revert WrongEpoch(epoch_, epoch);
        Committees.Committee storage c = committees[epoch];
        Node storage self = nodes[msg.sender];
        uint256 index = self.registered ? c.indexOf(self.index) : c.size();
        if (index == c.size()) revert NotInCommittee(msg.sender, epoch);
        if (syncDone[epoch][msg.sender]) return;
        syncDone[epoch][msg.sender] = true;
        uint256 weight = syncedWeight[epoch] + c.keys[index].weight;
        syncedWeight[epoch] = weight;
        emit ShardsReceived(epoch, msg.sender, c.shardsOf(index));
        if (phase == PHASE_SYNC && 3 * weight >= 2 * uint256(nShards) + 1) {
            phase = PHASE_DONE;
            epochChangeDoneAt = uint64(block.timestamp);
            emit EpochChangeDone(epoch);
        }
    }

    // ------------------------------------------------------------------ certificates and views

    /// @inheritdoc IFloeStaking
    function verifyCertificate(Certificate calldata cert, bool quorum) external view returns (uint256 weight) {
        return committees[epoch].verify(cert, epoch, nShards, quorum);
    }

    /// @return epoch_ the current epoch, phase_ its phase, start_ its start time (seconds),
    ///   duration the epoch duration (seconds), shards the number of shards, changeDone when the
    ///   last epoch change completed (seconds; the previous one while this epoch is syncing)
    function epochState()
        external
        view
        returns (uint32 epoch_, uint8 phase_, uint64 start_, uint64 duration, uint16 shards, uint64 changeDone)
    {
        return (epoch, phase, epochStart, epochDuration, nShards, epochChangeDoneAt);
    }

    /// @return nodeIds members in committee order, protocolKeys their signing addresses, weights
    ///   their shard counts, shardOwner for each shard the index of the member holding it
    function getCommittee(uint32 epoch_)
        external
        view
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

    // ------------------------------------------------------------------ internals

    function _distributeRewards(uint32 ended, uint256 amount) private {
        Committees.Committee storage c = committees[ended];
        uint256 m = c.keys.length;
        if (m == 0 || amount == 0) {
            rewardCarry = amount;
            return;
        }
        uint256 paid;
        for (uint256 i = 0; i < m; i++) {
            address nodeId = nodeList[c.keys[i].nodeIndex];
            Node storage n = nodes[nodeId];
            uint256 share = (amount * c.keys[i].weight) / nShards;
            paid += share;
            uint256 commission = (share * _commissionAt(n, ended)) / 10_000;
            uint256 pool = share - commission;
            if (n.activeStake == 0) {
                commission += pool;
                pool = 0;
            }
            n.commission += uint128(commission);
            if (pool > 0) rewardHistory[nodeId].add(ended, pool, n.activeStake);
        }
        rewardCarry = amount - paid;
        emit RewardsDistributed(ended, paid);
    }

    function _selectCommittee(uint32 next) private {
        uint256 count = nodeList.length;
        address[] memory candidates = new address[](count);
        uint256[] memory amounts = new uint256[](count);
        uint256 k;
        for (uint256 i = 0; i < count; i++) {
            address a = nodeList[i];
            int256 s = int256(uint256(nodes[a].activeStake)) + stakeDelta[a][next];
            if (s > 0 && uint256(s) >= minStake) {
                candidates[k] = a;
                amounts[k] = uint256(s);
                k++;
            }
        }
        if (k == 0) revert NoCandidates();
        while (k > maxCommitteeSize) {
            uint256 lowest = 0;
            for (uint256 i = 1; i < k; i++) {
                if (amounts[i] <= amounts[lowest]) lowest = i;
            }
            for (uint256 i = lowest; i + 1 < k; i++) {
                candidates[i] = candidates[i + 1];
                amounts[i] = amounts[i + 1];
            }
            k--;
        }
        assembly ("memory-safe") {
            mstore(candidates, k)
            mstore(amounts, k)
        }
        uint256 n = nShards;
        uint256[] memory seats = CommitteeSelection.dHondt(amounts, n, CommitteeSelection.perNodeCap(n, k));
        uint256 m;
        for (uint256 i = 0; i < k; i++) {
            if (seats[i] > 0) {
                candidates[m] = candidates[i];
                seats[m] = seats[i];
                m++;
            }
        }
        assembly ("memory-safe") {
            mstore(candidates, m)
            mstore(seats, m)
        }
        Committees.Committee storage prev = committees[epoch];
        uint256 pm = prev.keys.length;
        uint256[] memory prevToNew = new uint256[](pm);
        for (uint256 i = 0; i < pm; i++) {
            prevToNew[i] = NONE;
            address a = nodeList[prev.keys[i].nodeIndex];
            for (uint256 j = 0; j < m; j++) {
                if (candidates[j] == a) {
                    prevToNew[i] = j;
                    break;
                }
            }
        }
        uint16[] memory owners = CommitteeSelection.assignShards(prev.shardOwner, prevToNew, seats, n);
        Committees.Committee storage c = committees[next];
        for (uint256 j = 0; j < m; j++) {
            Node storage member = nodes[candidates[j]];
            c.keys.push(Committees.MemberKey(member.protocolKeyAddress, uint16(seats[j]), member.index));
        }
        c.shardOwner = owners;
    }

    function _refreshPrices() internal override {
        Committees.Committee storage c = committees[epoch];
        uint256 m = c.keys.length;
        if (m == 0) return;
        uint256[] memory weights = new uint256[](m);
        uint256[] memory sp = new uint256[](m);
        uint256[] memory wp = new uint256[](m);
        uint256[] memory cap = new uint256[](m);
        for (uint256 i = 0; i < m; i++) {
            Node storage n = nodes[nodeList[c.keys[i].nodeIndex]];
            uint256 w = c.keys[i].weight;
            weights[i] = w;
            sp[i] = n.storagePriceVote;
            wp[i] = n.writePriceVote;
            cap[i] = (uint256(n.capacityVote) * nShards) / w;
        }
        uint64 newStorage = uint64(VoteMath.quorumValue(sp, weights, nShards, true));
        uint64 newWrite = uint64(VoteMath.quorumValue(wp, weights, nShards, true));
        uint256 newCapacity = VoteMath.quorumValue(cap, weights, nShards, false);
        if (newCapacity > type(uint64).max) newCapacity = type(uint64).max;
        if (newStorage != storagePrice || newWrite != writePrice) {
            storagePrice = newStorage;
            writePrice = newWrite;
            emit PricesUpdated(epoch, newStorage, newWrite);
        }
        capacity = uint64(newCapacity);
        system.setPrices(newStorage, newWrite, uint64(newCapacity));
    }
}
