// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {IERC20} from "./interfaces/IERC20.sol";
import {IFloeStaking} from "./interfaces/IFloeStaking.sol";
import {IBlobAvailability} from "./interfaces/IBlobAvailability.sol";
import {Certificate} from "./interfaces/Certificate.sol";
import {BlobIds} from "./lib/BlobIds.sol";
import {RedStuff} from "./lib/RedStuff.sol";
import {Messages} from "./lib/Messages.sol";
import {StorageChallenges} from "./system/StorageChallenges.sol";

/// @title Floe blob system: storage reservations and blobs (register, certify, extend, delete,
/// invalidate), storage challenges (seed, failure reports) and the views dApps call.
/// @notice Storage is bought in units of 1 MiB of encoded size per epoch at the committee's voted
/// prices; every registration is an object with its own ID. End epochs are exclusive.
contract FloeSystem is StorageChallenges, IBlobAvailability {
    uint8 public constant RS2 = 1;

    struct Blob {
        bytes32 blobId;
        address owner;
        uint64 size;
        uint8 encodingType;
        bool deletable;
        bool deleted;
        uint32 registeredEpoch;
        uint32 certifiedEpoch;
        bool certified;
        uint32 endEpoch;
        uint64 storageSize;
        bytes32 storageId;
    }

    struct BlobIdInfo {
        bool invalid;
        bool everCertified;
        uint32 initialCertifiedEpoch;
        uint32 permanentRegisteredEnd;
        uint32 permanentCertifiedEnd;
        uint32 deletableRegistered;
        uint32 deletableCertified;
    }

    /// kind: 0 nonexistent, 1 invalid, 2 permanent, 3 deletable only
    struct BlobStatusView {
        uint8 kind;
        uint32 endEpoch;
        bool certified;
        bool hasInitialCertifiedEpoch;
        uint32 initialCertifiedEpoch;
        uint32 deletableRegistered;
        uint32 deletableCertified;
    }

    struct BlobView {
        bytes32 objectId;
        bytes32 blobId;
        address owner;
        uint64 size;
        uint8 encodingType;
        bool deletable;
        bool deleted;
        uint32 registeredEpoch;
        bool certified;
        uint32 certifiedEpoch;
        uint32 endEpoch;
        bytes32 storageId;
        uint64 storageSize;
    }

    mapping(bytes32 => Blob) private blobs;
    mapping(bytes32 => BlobIdInfo) private blobIds;

    event BlobRegistered(
        uint32 epoch,
        bytes32 indexed blobId,
        uint64 size,
        uint8 encodingType,
        uint32 endEpoch,
        bool deletable,
        bytes32 objectId
    );
    event BlobCertified(
        uint32 epoch, bytes32 indexed blobId, uint32 endEpoch, bool deletable, bytes32 objectId, bool isExtension
    );
    event BlobDeleted(uint32 epoch, bytes32 indexed blobId, uint32 endEpoch, bytes32 objectId, bool wasCertified);
    event InvalidBlobID(uint32 epoch, bytes32 indexed blobId);

    error UnsupportedEncodingType(uint8 encodingType);
    error BlobIdMismatch(bytes32 given, bytes32 derived);
    error EncodedSizeTooLarge(uint256 encodedSize, uint64 storageSize);
    error BlobIdInvalidated(bytes32 blobId);
    error BlobNotRegistered(bytes32 objectId);
    error BlobAlreadyCertified(bytes32 objectId);
    error BlobNotCertified(bytes32 objectId);
    error BlobExpired(bytes32 objectId, uint32 endEpoch, uint32 currentEpoch);
    error BlobNotDeletable(bytes32 objectId);
    error NotBlobOwner(bytes32 objectId, address caller);
    error MessageBlobIdMismatch(bytes32 inMessage, bytes32 registered);
    error PersistenceMismatch(bytes32 objectId);

    constructor(IERC20 token_, IFloeStaking staking_, uint16 nShards_, uint32 maxEpochsAhead_)
        StorageChallenges(token_, staking_, nShards_, maxEpochsAhead_)
    {}

    // ------------------------------------------------------------------ blobs

    /// @notice Registers a blob on an unused reservation of the caller. The blob ID must equal
    /// Blake2b256(encodingType || u64_le(size) || rootHash) and the encoded size must fit.
    function registerBlob(
        bytes32 storageId,
        bytes32 blobId,
        bytes32 rootHash,
        uint64 size,
        uint8 encodingType,
        bool deletable
    ) external returns (bytes32 objectId) {
        uint256 encoded = _checkBlob(blobId, rootHash, size, encodingType);
        return _register(storageId, blobId, size, encodingType, deletable, encoded);
    }

    /// @notice Reserves exactly the blob's encoded size for `epochsAhead` epochs and registers it.
    function reserveAndRegisterBlob(
        bytes32 blobId,
        bytes32 rootHash,
        uint64 size,
        uint8 encodingType,
        bool deletable,
        uint32 epochsAhead
    ) external returns (bytes32 objectId) {
        uint256 encoded = _checkBlob(blobId, rootHash, size, encodingType);
        bytes32 storageId = _reserve(uint64(encoded), epochsAhead);
        return _register(storageId, blobId, size, encodingType, deletable, encoded);
    }

    /// @notice Certifies a registered blob with a committee certificate over the message
    /// BlobCert(epoch = current, blob ID, persistence): signers must hold a quorum of shards.
    function certifyBlob(bytes32 objectId, Certificate calldata cert) external {
        Blob storage b = _liveBlob(objectId);
        if (b.certified) revert BlobAlreadyCertified(objectId);
        if (blobIds[b.blobId].invalid) revert BlobIdInvalidated(b.blobId);
        bytes calldata message = cert.message;
        uint256 length = b.deletable ? 72 : 40;
        uint32 messageEpoch = Messages.checkHeader(message, Messages.INTENT_BLOB_CERT, length);
        if (messageEpoch != epoch) revert WrongEpoch(messageEpoch, epoch);
        bytes32 inMessage = bytes32(message[7:39]);
        if (inMessage != b.blobId) revert MessageBlobIdMismatch(inMessage, b.blobId);
        if (b.deletable) {
            if (uint8(message[39]) != 1 || bytes32(message[40:72]) != objectId) revert PersistenceMismatch(objectId);
        } else if (uint8(message[39]) != 0) {
            revert PersistenceMismatch(objectId);
        }
        staking.verifyCertificate(cert, true);
        b.certified = true;
        b.certifiedEpoch = epoch;
        BlobIdInfo storage info = blobIds[b.blobId];
        if (!info.everCertified) {
            info.everCertified = true;
            info.initialCertifiedEpoch = epoch;
        }
        if (b.deletable) {
            info.deletableCertified++;
        } else if (b.endEpoch > info.permanentCertifiedEnd) {
            info.permanentCertifiedEnd = b.endEpoch;
        }
        emit BlobCertified(epoch, b.blobId, b.endEpoch, b.deletable, objectId, false);
    }

    /// @notice Extends a certified blob by `epochs`; anyone may pay. An invalidated blob ID is not
    /// extended (nothing would be stored for the payment).
    function extendBlob(bytes32 objectId, uint32 epochs) external {
        Blob storage b = _liveBlob(objectId);
        if (!b.certified) revert BlobNotCertified(objectId);
        if (blobIds[b.blobId].invalid) revert BlobIdInvalidated(b.blobId);
        uint32 oldEnd = b.endEpoch;
        if (epochs == 0 || uint256(oldEnd) + epochs - epoch > maxEpochsAhead) {
            revert InvalidEpochs(epochs, maxEpochsAhead);
        }
        uint32 newEnd = oldEnd + epochs;
        uint256 perEpoch = _units(b.storageSize) * storagePrice;
        _collect(perEpoch * epochs);
        rewardRateDelta[oldEnd] += int256(perEpoch);
        rewardRateDelta[newEnd] -= int256(perEpoch);
        expiringSize[oldEnd] -= b.storageSize;
        expiringSize[newEnd] += b.storageSize;
        b.endEpoch = newEnd;
        storages[b.storageId].endEpoch = newEnd;
        if (!b.deletable) {
            BlobIdInfo storage info = blobIds[b.blobId];
            if (newEnd > info.permanentCertifiedEnd) info.permanentCertifiedEnd = newEnd;
            if (newEnd > info.permanentRegisteredEnd) info.permanentRegisteredEnd = newEnd;
        }
        emit BlobCertified(epoch, b.blobId, newEnd, b.deletable, objectId, true);
    }

    /// @notice Deletes a deletable blob of the caller; its reservation returns to the caller.
    function deleteBlob(bytes32 objectId) external returns (bytes32 storageId) {
        Blob storage b = _liveBlob(objectId);
        if (!b.deletable) revert BlobNotDeletable(objectId);
        if (b.owner != msg.sender) revert NotBlobOwner(objectId, msg.sender);
        b.deleted = true;
        BlobIdInfo storage info = blobIds[b.blobId];
        info.deletableRegistered--;
        if (b.certified) info.deletableCertified--;
        storageId = b.storageId;
        storages[storageId].inUse = false;
        emit BlobDeleted(epoch, b.blobId, b.endEpoch, objectId, b.certified);
    }

    /// @notice Declares a blob ID invalid with a certificate over InvalidBlobId(epoch = current,
    /// blob ID) from signers holding more than f shards. Idempotent.
    function invalidateBlobId(Certificate calldata cert) external {
        bytes calldata message = cert.message;
        uint32 messageEpoch = Messages.checkHeader(message, Messages.INTENT_INVALID_BLOB_ID, 39);
        if (messageEpoch != epoch) revert WrongEpoch(messageEpoch, epoch);
        bytes32 blobId = bytes32(message[7:39]);
        staking.verifyCertificate(cert, false);
        BlobIdInfo storage info = blobIds[blobId];
        if (info.invalid) return;
        info.invalid = true;
        emit InvalidBlobID(epoch, blobId);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IBlobAvailability
    function isAvailable(bytes32 blobId, uint32 untilEpoch) external view returns (bool) {
        BlobIdInfo storage info = blobIds[blobId];
        uint32 through = untilEpoch > epoch ? untilEpoch : epoch;
        return !info.invalid && info.permanentCertifiedEnd > through;
    }

    /// @inheritdoc IBlobAvailability
    function currentEpoch() external view returns (uint32) {
        return epoch;
    }

    /// @return v the status of `blobId` across its registrations
    function blobStatus(bytes32 blobId) external view returns (BlobStatusView memory v) {
        BlobIdInfo storage info = blobIds[blobId];
        v.hasInitialCertifiedEpoch = info.everCertified;
        v.initialCertifiedEpoch = info.initialCertifiedEpoch;
        v.deletableRegistered = info.deletableRegistered;
        v.deletableCertified = info.deletableCertified;
        if (info.invalid) {
            v.kind = 1;
        } else if (info.permanentRegisteredEnd != 0) {
            v.kind = 2;
            v.certified = info.permanentCertifiedEnd != 0;
            v.endEpoch = v.certified ? info.permanentCertifiedEnd : info.permanentRegisteredEnd;
        } else if (info.deletableRegistered != 0) {
            v.kind = 3;
        }
    }

    /// @return v the registration `objectId` (objectId = 0 when unknown)
    function getBlob(bytes32 objectId) external view returns (BlobView memory v) {
        Blob storage b = blobs[objectId];
        if (b.owner == address(0)) return v;
        return BlobView(
            objectId,
            b.blobId,
            b.owner,
            b.size,
            b.encodingType,
            b.deletable,
            b.deleted,
            b.registeredEpoch,
            b.certified,
            b.certifiedEpoch,
            b.endEpoch,
            b.storageId,
            b.storageSize
        );
    }

    /// @return the encoded size billed for a blob of `size` bytes
    function encodedSizeOf(uint64 size) external view returns (uint256) {
        return RedStuff.encodedLength(size, nShards);
    }

    /// @return the blob ID for the given inputs, derived on-chain
    function deriveBlobId(uint8 encodingType, uint64 size, bytes32 rootHash) external view returns (bytes32) {
        return BlobIds.derive(encodingType, size, rootHash);
    }

    // ------------------------------------------------------------------ internals

    function _checkBlob(bytes32 blobId, bytes32 rootHash, uint64 size, uint8 encodingType)
        private
        view
        returns (uint256 encoded)
    {
        if (encodingType != RS2) revert UnsupportedEncodingType(encodingType);
        encoded = RedStuff.encodedLength(size, nShards);
        bytes32 derived = BlobIds.derive(encodingType, size, rootHash);
        if (derived != blobId) revert BlobIdMismatch(blobId, derived);
        if (blobIds[blobId].invalid) revert BlobIdInvalidated(blobId);
    }

    function _register(
        bytes32 storageId,
        bytes32 blobId,
        uint64 size,
        uint8 encodingType,
        bool deletable,
        uint256 encoded
    ) private returns (bytes32 objectId) {
        StorageResource storage s = storages[storageId];
        if (s.owner == address(0)) revert StorageNotFound(storageId);
        if (s.owner != msg.sender) revert NotStorageOwner(storageId, msg.sender);
        if (s.inUse) revert StorageInUse(storageId);
        if (epoch >= s.endEpoch) revert StorageExpired(storageId, s.endEpoch, epoch);
        if (encoded > s.size) revert EncodedSizeTooLarge(encoded, s.size);
        s.inUse = true;
        _collect(_units(encoded) * writePrice);
        writeRewards += _units(encoded) * writePrice;
        objectId = _newObjectId();
        Blob storage b = blobs[objectId];
        b.blobId = blobId;
        b.owner = msg.sender;
        b.size = size;
        b.encodingType = encodingType;
        b.deletable = deletable;
        b.registeredEpoch = epoch;
        b.endEpoch = s.endEpoch;
        b.storageSize = s.size;
        b.storageId = storageId;
        BlobIdInfo storage info = blobIds[blobId];
        if (deletable) {
            info.deletableRegistered++;
        } else if (s.endEpoch > info.permanentRegisteredEnd) {
            info.permanentRegisteredEnd = s.endEpoch;
        }
        emit BlobRegistered(epoch, blobId, size, encodingType, s.endEpoch, deletable, objectId);
    }

    function _liveBlob(bytes32 objectId) private view returns (Blob storage b) {
        b = blobs[objectId];
        if (b.owner == address(0) || b.deleted) revert BlobNotRegistered(objectId);
        if (epoch >= b.endEpoch) revert BlobExpired(objectId, b.endEpoch, epoch);
    }
}
