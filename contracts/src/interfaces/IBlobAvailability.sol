// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title The view a dApp contract calls to gate on a blob being available.
interface IBlobAvailability {
    /// @return whether a permanent, certified, valid registration of `blobId` keeps it available
    ///   through epoch `untilEpoch` (and the current epoch)
    function isAvailable(bytes32 blobId, uint32 untilEpoch) external view returns (bool);

    /// @return the current epoch
    function currentEpoch() external view returns (uint32);
}
