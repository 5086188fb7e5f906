// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {IERC20} from "../interfaces/IERC20.sol";
import {IFloeStaking} from "../interfaces/IFloeStaking.sol";
import {Certificate} from "../interfaces/Certificate.sol";
import {Messages} from "../lib/Messages.sol";
import {StorageAccounting} from "./StorageAccounting.sol";

/// @title Storage challenges of the blob system: the per-epoch challenge seed and the slashing
/// evidence of nodes that failed their challenge.
/// @notice Every epoch, committee members challenge each other for symbols of their slivers, chosen
/// from `challengeSeed(epoch)`. A member that cannot produce them collects failure attestations
/// (intent 16, a Floe extension: header || 12 zero bytes || the node's 20-byte operator address);
/// signatures of more than f shards over one such message, reported in the same epoch, record the
/// failure once; the node forfeits that epoch's rewards to the other members and its stake pool is
/// slashed (staking's penalize).
abstract contract StorageChallenges is StorageAccounting {
    uint256 private constant CHALLENGE_MESSAGE_LENGTH = 39;

    mapping(uint32 => bytes32) private seeds;
    /// @notice Whether `node` was reported for failing its storage challenge in `epoch`.
    mapping(uint32 => mapping(address => bool)) public challengeFailed;

    event StorageChallengeFailed(uint32 epoch, address indexed nodeId);

    error WrongEpoch(uint32 given, uint32 current);
    error EpochNotStarted(uint32 epoch, uint32 currentEpoch);
    error ChallengeAlreadyReported(uint32 epoch, address nodeId);
    error InvalidNodeIdPadding(bytes12 padding);

    constructor(IERC20 token_, IFloeStaking staking_, uint16 nShards_, uint32 maxEpochsAhead_)
        StorageAccounting(token_, staking_, nShards_, maxEpochsAhead_)
    {
        _epochStarted(0);
    }

    /// @return the challenge seed of `epoch_`: keccak256(abi.encode(blockhash of the block before
    ///   the one that started the epoch, epoch)); reverts EpochNotStarted for a future epoch
    function challengeSeed(uint32 epoch_) external view returns (bytes32) {
        if (epoch_ > epoch) revert EpochNotStarted(epoch_, epoch);
        return seeds[epoch_];
    }

    /// @notice Records that a member of the current committee failed its storage challenge in the
    /// current epoch, from a certificate over StorageChallengeFailure(epoch = current, node) signed by
    /// members holding more than f shards. The node forfeits this epoch's rewards and is slashed. Once per node and
    /// epoch (ChallengeAlreadyReported); a message of an earlier epoch is refused (WrongEpoch).
    function reportChallengeFailure(Certificate calldata cert) external {
        bytes calldata message = cert.message;
        uint32 messageEpoch =
            Messages.checkHeader(message, Messages.INTENT_STORAGE_CHALLENGE_FAILURE, CHALLENGE_MESSAGE_LENGTH);
        if (messageEpoch != epoch) revert WrongEpoch(messageEpoch, epoch);
        bytes12 padding = bytes12(message[7:19]);
        if (padding != 0) revert InvalidNodeIdPadding(padding);
        address nodeId = address(bytes20(message[19:39]));
        if (challengeFailed[epoch][nodeId]) revert ChallengeAlreadyReported(epoch, nodeId);
        staking.verifyCertificate(cert, false);
        challengeFailed[epoch][nodeId] = true;
        staking.penalize(nodeId);
        emit StorageChallengeFailed(epoch, nodeId);
    }

    function _epochStarted(uint32 newEpoch) internal override {
        seeds[newEpoch] = keccak256(abi.encode(blockhash(block.number - 1), newEpoch));
    }
}
