// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {Certificate} from "./Certificate.sol";

/// @title What the blob system needs from staking: certificate checks against the current committee,
/// and the penalty of a node that failed its storage challenge.
interface IFloeStaking {
    /// @notice Verifies `cert` against the current committee and reverts unless the signers hold a
    /// quorum (3w >= 2n+1) when `quorum`, else validity (3w >= n+1).
    /// @return weight the shards held by the signers
    function verifyCertificate(Certificate calldata cert, bool quorum) external view returns (uint256 weight);

    /// @notice System contract only: member `nodeId` of the current committee failed its storage
    /// challenge, so the current epoch's rewards go to the other members and slashingBps of the stake
    /// that backed it this epoch is slashed (StakeSlashed). Called at most once per node and epoch;
    /// reverts NotInCommittee for a node outside the current committee.
    function penalize(address nodeId) external;
}
