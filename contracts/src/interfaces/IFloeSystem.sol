// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title What staking drives in the blob system.
interface IFloeSystem {
    /// @notice Moves the system to `newEpoch`; pays the ended epoch's rewards to the caller.
    function onEpochChange(uint32 newEpoch) external returns (uint256 rewards);

    /// @notice Sets the prices and capacity from the committee's votes.
    function setPrices(uint64 storagePrice, uint64 writePrice, uint64 capacity) external;
}
