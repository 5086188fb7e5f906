// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {IERC20} from "./interfaces/IERC20.sol";
import {IFloeSystem} from "./interfaces/IFloeSystem.sol";
import {IFloeStaking} from "./interfaces/IFloeStaking.sol";
import {Certificate} from "./interfaces/Certificate.sol";
import {ActiveSet} from "./lib/ActiveSet.sol";
import {Committees} from "./lib/Committees.sol";
import {RewardHistory} from "./lib/RewardHistory.sol";
import {StakingState} from "./staking/StakingState.sol";
import {StakePool} from "./staking/StakePool.sol";
import {FloeCommitteeMath} from "./staking/FloeCommitteeMath.sol";
import {FloeStakingExtension} from "./staking/FloeStakingExtension.sol";

/// @title Floe staking: storage nodes, delegated stake, committees, the epoch state machine,
/// price votes and committee certificate verification.
/// @notice Epoch state machine (walrus-protocol.md §5.5), times counted from when the last epoch
/// change completed (t = EpochChangeDone):
///   DONE(t) --votingEnd (t + duration/2)--> SELECTED --initiateEpochChange (t + duration)-->
///   SYNC (epoch + 1) --epochSyncDone by a quorum of the new committee's shards--> DONE(now).
/// Epoch 0 is the genesis epoch without a committee; the owner may end it at once.
/// Committees are selected from the active set (at most maxActiveNodes staked nodes), so the gas of
/// every transition is bounded however many nodes register.
/// The rarely-called functions (node registration and metadata, commission, joinActiveSet, the views
/// of nodes, positions and committees) live in FloeStakingExtension, which this contract creates
/// and runs from its fallback through DELEGATECALL (same storage, same address for callers and
/// events; the published ABI of FloeStaking includes them): this keeps it under the EIP-170 limit.
contract FloeStaking is IFloeStaking, StakePool {
    using Committees for Committees.Committee;
    using RewardHistory for RewardHistory.Checkpoint[];

    /// The committee-selection and vote arithmetic (a separate contract for the code size limit).
    FloeCommitteeMath public immutable math;
    /// The code of the rarely-called functions, created here with this contract's parameters and
    /// run in this contract's storage by the fallback.
    FloeStakingExtension public immutable extension;

    constructor(
        FloeCommitteeMath math_,
        IERC20 token_,
        uint16 nShards_,
        uint64 epochDuration_,
        uint96 minStake_,
        uint16 maxCommitteeSize_,
        uint16 maxActiveNodes_,
        uint16 slashingBps_
    )
        StakingState(token_, msg.sender, nShards_, epochDuration_, minStake_, maxCommitteeSize_, maxActiveNodes_, slashingBps_)
    {
        math = math_;
        extension = new FloeStakingExtension(
            token_, msg.sender, nShards_, epochDuration_, minStake_, maxCommitteeSize_, maxActiveNodes_, slashingBps_
        );
    }

    /// @notice Runs every function not defined here (FloeStakingExtension's) in this contract's
    /// storage; an unknown selector reverts without data, as it did before.
    fallback() external {
        address target = address(extension);
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            calldatacopy(ptr, 0, calldatasize())
            let ok := delegatecall(gas(), target, ptr, calldatasize(), 0, 0)
            returndatacopy(ptr, 0, returndatasize())
            if iszero(ok) { revert(ptr, returndatasize()) }
            return(ptr, returndatasize())
        }
    }

    /// @notice Links the blob system; owner only, once.
    function setSystem(IFloeSystem system_) external {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        if (address(system) != address(0)) revert SystemAlreadySet();
        system = system_;
    }

    /// @notice Changes the caller's price and capacity votes; prices follow at once.
    function updateVotes(uint64 storagePriceVote, uint64 writePriceVote, uint64 capacityVote) external {
        Node storage n = _node(msg.sender);
        n.storagePriceVote = storagePriceVote;
        n.writePriceVote = writePriceVote;
        n.capacityVote = capacityVote;
        emit NodeUpdated(msg.sender, epoch);
        _refreshPrices();
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
        // stake changes for `next` apply lazily (_stakeAt, _settleStake): no loop over the nodes
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

    /// @inheritdoc IFloeStaking
    function penalize(address nodeId) external {
        if (msg.sender != address(system)) revert OnlySystem(msg.sender);
        Committees.Committee storage c = committees[epoch];
        Node storage n = nodes[nodeId];
        uint256 index = n.registered ? c.indexOf(n.index) : c.size();
        if (index == c.size()) revert NotInCommittee(nodeId, epoch);
        forfeitedMembers[epoch][index >> 8] |= 1 << (index & 255);
        forfeitedWeight[epoch] += c.keys[index].weight;
        if (slashingBps == 0) return;
        // the stake that backed the node this epoch loses slashingBps: the pool total now, the pending
        // withdrawals of stake counted this epoch, and each position lazily through its slashes
        _settleStake(nodeId);
        // rounded so that the pool total stays at least the sum of its positions' principals
        uint256 keep = 10_000 - uint256(slashingBps);
        uint256 amount = (uint256(n.activeStake) * slashingBps) / 10_000;
        n.activeStake -= uint96(amount);
        Removal storage r = stakeRemoval[nodeId][epoch + 1];
        r.early = uint128((uint256(r.early) * keep) / 10_000);
        r.late = uint128((uint256(r.late) * keep) / 10_000);
        r = stakeRemoval[nodeId][epoch + 2];
        r.early = uint128((uint256(r.early) * keep) / 10_000);
        slashes[nodeId].push(Slash(epoch, uint224(rewardHistory[nodeId].cumulativeAt(epoch))));
        slashedStake[nodeId] += amount;
        emit StakeSlashed(nodeId, epoch, amount);
        _refreshActiveSet(nodeId, false, false);
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

    // ------------------------------------------------------------------ internals

    /// @dev Members that forfeited the epoch's rewards get nothing; the others share by weight.
    function _distributeRewards(uint32 ended, uint256 amount) private {
        Committees.Committee storage c = committees[ended];
        uint256 m = c.keys.length;
        uint256 lost = forfeitedWeight[ended];
        uint256 counted = nShards - lost;
        if (m == 0 || amount == 0 || counted == 0) {
            rewardCarry = amount;
            return;
        }
        uint256 paid;
        for (uint256 i = 0; i < m; i++) {
            if (lost != 0 && (forfeitedMembers[ended][i >> 8] >> (i & 255)) & 1 == 1) continue;
            address nodeId = nodeList[c.keys[i].nodeIndex];
            Node storage n = nodes[nodeId];
            uint256 share = (amount * c.keys[i].weight) / counted;
            paid += share;
            uint256 commission = (share * _commissionAt(n, ended)) / 10_000;
            uint256 pool = share - commission;
            uint256 poolStake = _stakeAt(nodeId, ended);
            if (poolStake == 0) {
                commission += pool;
                pool = 0;
            }
            n.commission += uint128(commission);
            if (pool > 0) rewardHistory[nodeId].add(ended, pool, poolStake);
        }
        rewardCarry = amount - paid;
        emit RewardsDistributed(ended, paid);
    }

    /// @dev Candidates: the active set's members whose stake for `next` is >= minStake (and > 0);
    ///   the selection itself (at most maxCommitteeSize by stake, D'Hondt, shard assignment) is
    ///   FloeCommitteeMath.select. O(m log m) for an active set of m.
    function _selectCommittee(uint32 next) private {
        uint256 count = ActiveSet.size(activeSet);
        uint256[] memory keys = new uint256[](count);
        uint256 k;
        for (uint256 i = 0; i < count; i++) {
            uint32 index = activeSet.heap[i].nodeIndex;
            uint256 s = _stakeAt(nodeList[index], next);
            if (s > 0 && s >= minStake) keys[k++] = (uint256(index) << 128) | s;
        }
        if (k == 0) revert NoCandidates();
        assembly ("memory-safe") {
            mstore(keys, k)
        }
        Committees.Committee storage prev = committees[epoch];
        uint256 pm = prev.keys.length;
        uint256[] memory prevIndices = new uint256[](pm);
        for (uint256 i = 0; i < pm; i++) {
            prevIndices[i] = prev.keys[i].nodeIndex;
        }
        (uint256[] memory members, uint256[] memory ownerWords) =
            math.select(keys, maxCommitteeSize, nShards, prevIndices, _packedWords(prev.shardOwner));
        Committees.Committee storage c = committees[next];
        for (uint256 j = 0; j < members.length; j++) {
            uint32 index = uint32(members[j] >> 16);
            c.keys.push(Committees.MemberKey(nodes[nodeList[index]].protocolKeyAddress, uint16(members[j]), index));
        }
        _storePacked(c.shardOwner, ownerWords, nShards);
    }

    /// @return words the storage words of `a` as they are (16 entries each, the first in the low bits)
    function _packedWords(uint16[] storage a) private view returns (uint256[] memory words) {
        uint256 n = (a.length + 15) >> 4;
        words = new uint256[](n);
        assembly ("memory-safe") {
            mstore(0, a.slot)
            let data := keccak256(0, 0x20)
            for { let i := 0 } lt(i, n) { i := add(i, 1) } {
                mstore(add(words, shl(5, add(i, 1))), sload(add(data, i)))
            }
        }
    }

    /// @dev Fills the empty `a` with `length` entries from their packed storage `words`.
    function _storePacked(uint16[] storage a, uint256[] memory words, uint256 length) private {
        assembly ("memory-safe") {
            sstore(a.slot, length)
            mstore(0, a.slot)
            let data := keccak256(0, 0x20)
            for { let i := 0 } lt(i, mload(words)) { i := add(i, 1) } {
                sstore(add(data, i), mload(add(words, shl(5, add(i, 1)))))
            }
        }
    }

    /// @dev Recomputes prices from the current committee's votes and pushes them to the system.
    function _refreshPrices() private {
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
        (uint256 storageQ, uint256 writeQ, uint256 newCapacity) = math.prices(sp, wp, cap, weights, nShards);
        uint64 newStorage = uint64(storageQ);
        uint64 newWrite = uint64(writeQ);
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
