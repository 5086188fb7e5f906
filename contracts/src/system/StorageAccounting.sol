// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {IERC20} from "../interfaces/IERC20.sol";
import {IFloeSystem} from "../interfaces/IFloeSystem.sol";
import {IFloeStaking} from "../interfaces/IFloeStaking.sol";

/// @title Storage accounting of the blob system: reservations, prices and capacity set by staking,
/// and the per-epoch reward stream paid to staking at each epoch change.
/// @notice A reservation paid for epochs [start, end) adds its per-epoch price to the reward rate
/// from start and removes it at end, so each epoch's rewards are exactly what was paid for it.
abstract contract StorageAccounting is IFloeSystem {
    uint256 public constant UNIT_SIZE = 1 << 20;

    struct StorageResource {
        address owner;
        uint32 startEpoch;
        uint32 endEpoch;
        bool inUse;
        uint64 size;
    }

    IERC20 public immutable token;
    IFloeStaking public immutable staking;
    uint16 public immutable nShards;
    uint32 public immutable maxEpochsAhead;

    uint32 public epoch;
    uint64 public storagePrice;
    uint64 public writePrice;
    uint64 public capacity;
    uint64 public usedCapacity;
    uint256 public rewardRate;
    uint256 public writeRewards;
    uint256 internal objectCounter;

    mapping(uint32 => int256) internal rewardRateDelta;
    mapping(uint32 => uint64) internal expiringSize;
    mapping(bytes32 => StorageResource) internal storages;

    event StorageReserved(bytes32 indexed storageId, address indexed owner, uint64 size, uint32 startEpoch, uint32 endEpoch);

    error OnlyStaking(address caller);
    error NoCommittee(uint32 epoch);
    error ZeroSize();
    error InvalidEpochs(uint32 epochs, uint32 maxEpochsAhead);
    error InsufficientCapacity(uint64 requested, uint64 available);
    error TransferFailed();
    error StorageNotFound(bytes32 storageId);
    error NotStorageOwner(bytes32 storageId, address caller);
    error StorageInUse(bytes32 storageId);
    error StorageExpired(bytes32 storageId, uint32 endEpoch, uint32 currentEpoch);

    constructor(IERC20 token_, IFloeStaking staking_, uint16 nShards_, uint32 maxEpochsAhead_) {
        token = token_;
        staking = staking_;
        nShards = nShards_;
        maxEpochsAhead = maxEpochsAhead_;
    }

    modifier onlyStaking() {
        if (msg.sender != address(staking)) revert OnlyStaking(msg.sender);
        _;
    }

    /// @inheritdoc IFloeSystem
    function onEpochChange(uint32 newEpoch) external onlyStaking returns (uint256 rewards) {
        rewards = rewardRate + writeRewards;
        writeRewards = 0;
        epoch = newEpoch;
        rewardRate = uint256(int256(rewardRate) + rewardRateDelta[newEpoch]);
        delete rewardRateDelta[newEpoch];
        usedCapacity -= expiringSize[newEpoch];
        delete expiringSize[newEpoch];
        _epochStarted(newEpoch);
        if (rewards > 0 && !token.transfer(msg.sender, rewards)) revert TransferFailed();
    }

    /// @inheritdoc IFloeSystem
    function setPrices(uint64 storagePrice_, uint64 writePrice_, uint64 capacity_) external onlyStaking {
        storagePrice = storagePrice_;
        writePrice = writePrice_;
        capacity = capacity_;
    }

    /// @dev Called when epoch `newEpoch` starts, after `epoch` was set to it.
    function _epochStarted(uint32 newEpoch) internal virtual;

    /// @notice Reserves `encodedSize` bytes for this epoch and `epochsAhead - 1` more.
    function reserveSpace(uint64 encodedSize, uint32 epochsAhead) external returns (bytes32 storageId) {
        return _reserve(encodedSize, epochsAhead);
    }

    /// @return storagePrice_ per unit per epoch, writePrice_ per unit, capacity_ and usedCapacity_ in bytes
    function pricing()
        external
        view
        returns (uint64 storagePrice_, uint64 writePrice_, uint64 capacity_, uint64 usedCapacity_)
    {
        return (storagePrice, writePrice, capacity, usedCapacity);
    }

    /// @return the reservation `storageId` (owner = 0 when unknown)
    function getStorage(bytes32 storageId) external view returns (StorageResource memory) {
        return storages[storageId];
    }

    function _reserve(uint64 size, uint32 epochsAhead) internal returns (bytes32 storageId) {
        if (epoch == 0) revert NoCommittee(0);
        if (size == 0) revert ZeroSize();
        if (epochsAhead == 0 || epochsAhead > maxEpochsAhead) revert InvalidEpochs(epochsAhead, maxEpochsAhead);
        if (uint256(usedCapacity) + size > capacity) {
            revert InsufficientCapacity(size, capacity > usedCapacity ? capacity - usedCapacity : 0);
        }
        uint32 end = epoch + epochsAhead;
        uint256 perEpoch = _units(size) * storagePrice;
        _collect(perEpoch * epochsAhead);
        rewardRate += perEpoch;
        rewardRateDelta[end] -= int256(perEpoch);
        usedCapacity += size;
        expiringSize[end] += size;
        storageId = _newObjectId();
        storages[storageId] = StorageResource(msg.sender, epoch, end, false, size);
        emit StorageReserved(storageId, msg.sender, size, epoch, end);
    }

    function _collect(uint256 amount) internal {
        if (amount > 0 && !token.transferFrom(msg.sender, address(this), amount)) revert TransferFailed();
    }

    function _units(uint256 size) internal pure returns (uint256) {
        return (size + UNIT_SIZE - 1) / UNIT_SIZE;
    }

    function _newObjectId() internal returns (bytes32) {
        return keccak256(abi.encode(block.chainid, address(this), ++objectCounter));
    }
}
