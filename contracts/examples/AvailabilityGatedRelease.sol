// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {IBlobAvailability} from "../src/interfaces/IBlobAvailability.sol";

/// @title Example dApp: publishes a release only while its artifact is stored on Floe.
/// @notice A publisher names a blob ID (for example a signed build archive) and how long buyers
/// must be able to download it. The release goes live only if Floe guarantees availability
/// through that epoch; anyone can later retract a release whose storage lapsed.
contract AvailabilityGatedRelease {
    struct Release {
        address publisher;
        bytes32 blobId;
        uint32 availableUntil;
    }

    IBlobAvailability public immutable floe;
    mapping(uint256 => Release) public releases;
    uint256 public releaseCount;

    event Released(uint256 indexed releaseId, address indexed publisher, bytes32 blobId, uint32 availableUntil);
    event Retracted(uint256 indexed releaseId);

    error BlobNotAvailable(bytes32 blobId, uint32 untilEpoch);
    error StillAvailable(uint256 releaseId);
    error UnknownRelease(uint256 releaseId);

    constructor(IBlobAvailability floe_) {
        floe = floe_;
    }

    /// @notice Publishes a release of `blobId` that must stay downloadable through `untilEpoch`.
    function publish(bytes32 blobId, uint32 untilEpoch) external returns (uint256 releaseId) {
        if (!floe.isAvailable(blobId, untilEpoch)) revert BlobNotAvailable(blobId, untilEpoch);
        releaseId = ++releaseCount;
        releases[releaseId] = Release(msg.sender, blobId, untilEpoch);
        emit Released(releaseId, msg.sender, blobId, untilEpoch);
    }

    /// @notice Removes a release whose blob is no longer available; anyone may call.
    function retract(uint256 releaseId) external {
        Release storage r = releases[releaseId];
        if (r.publisher == address(0)) revert UnknownRelease(releaseId);
        if (floe.isAvailable(r.blobId, floe.currentEpoch())) revert StillAvailable(releaseId);
        delete releases[releaseId];
        emit Retracted(releaseId);
    }
}
