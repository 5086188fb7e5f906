// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {Certificate} from "../interfaces/Certificate.sol";
import {Signatures} from "./Signatures.sol";

/// @title A committee as stored per epoch, and certificate verification against it.
library Committees {
    /// A member, packed in one slot: the address its protocol key signs as (fixed at selection),
    /// its weight (shards held) and its node's position in the registry.
    struct MemberKey {
        address protocolKeyAddress;
        uint16 weight;
        uint32 nodeIndex;
    }

    /// Members in committee order (their positions are the signer bits) and the owner of each shard.
    struct Committee {
        MemberKey[] keys;
        uint16[] shardOwner;
    }

    error NoCommittee(uint32 epoch);
    error UnsupportedCertificateScheme(uint8 scheme);
    error BitmapTooLong(uint256 length, uint256 maxLength);
    error SignerOutsideCommittee(uint256 signerIndex, uint256 members);
    error SignatureCountMismatch(uint256 signers, uint256 signatureBytes);
    error HighSignatureS(uint256 signerIndex);
    error InvalidSignature(uint256 signerIndex);
    error InsufficientWeight(uint256 weight, uint256 required);

    /// @notice Checks a scheme-1 (secp256k1) certificate: every set bit names a member, each
    /// signature (in ascending member order) recovers to that member's key, and the signers hold a
    /// quorum (3w >= 2n+1) or, when `quorum` is false, validity (3w >= n+1).
    /// @return weight the shards held by the signers
    function verify(Committee storage c, Certificate calldata cert, uint32 epoch, uint256 nShards, bool quorum)
        internal
        view
        returns (uint256 weight)
    {
        uint256 m = c.keys.length;
        if (m == 0) revert NoCommittee(epoch);
        if (cert.scheme != 1) revert UnsupportedCertificateScheme(cert.scheme);
        bytes calldata bitmap = cert.signersBitmap;
        bytes calldata sigs = cert.signature;
        if (bitmap.length > (m + 7) / 8) revert BitmapTooLong(bitmap.length, (m + 7) / 8);
        bytes32 digest = keccak256(cert.message);
        uint256 offset;
        uint256 signers;
        for (uint256 byteIndex = 0; byteIndex < bitmap.length; byteIndex++) {
            uint256 bits = uint8(bitmap[byteIndex]);
            for (uint256 bit = 0; bits != 0; bit++) {
                if (bits & 1 == 1) {
                    uint256 i = byteIndex * 8 + bit;
                    if (i >= m) revert SignerOutsideCommittee(i, m);
                    signers++;
                    if (offset + 65 > sigs.length) revert SignatureCountMismatch(signers, sigs.length);
                    if (Signatures.isHighS(sigs, offset)) revert HighSignatureS(i);
                    MemberKey storage k = c.keys[i];
                    address recovered = Signatures.recover(digest, sigs, offset);
                    if (recovered == address(0) || recovered != k.protocolKeyAddress) revert InvalidSignature(i);
                    weight += k.weight;
                    offset += 65;
                }
                bits >>= 1;
            }
        }
        if (offset != sigs.length) revert SignatureCountMismatch(signers, sigs.length);
        if (quorum) {
            if (3 * weight < 2 * nShards + 1) revert InsufficientWeight(weight, (2 * nShards + 3) / 3);
        } else if (3 * weight < nShards + 1) {
            revert InsufficientWeight(weight, (nShards + 3) / 3);
        }
    }

    /// @return the number of members
    function size(Committee storage c) internal view returns (uint256) {
        return c.keys.length;
    }

    /// @return the member position of the node with registry index `nodeIndex`, or the member
    ///   count when it is not a member. Members are stored in ascending registry index (committee
    ///   selection pushes them in that order), so this is a binary search: O(log m) reads.
    function indexOf(Committee storage c, uint32 nodeIndex) internal view returns (uint256) {
        uint256 m = c.keys.length;
        uint256 lo = 0;
        uint256 hi = m;
        while (lo < hi) {
            uint256 mid = (lo + hi) / 2;
            if (c.keys[mid].nodeIndex < nodeIndex) lo = mid + 1;
            else hi = mid;
        }
        return lo < m && c.keys[lo].nodeIndex == nodeIndex ? lo : m;
    }

    /// @return shards the shards member `index` holds, ascending
    function shardsOf(Committee storage c, uint256 index) internal view returns (uint16[] memory shards) {
        uint16[] memory owners = c.shardOwner;
        shards = new uint16[](c.keys[index].weight);
        uint256 k;
        for (uint256 s = 0; s < owners.length; s++) {
            if (owners[s] == index) shards[k++] = uint16(s);
        }
    }
}
