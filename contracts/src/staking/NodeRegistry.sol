// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {ActiveSet} from "../lib/ActiveSet.sol";
import {StakingState} from "./StakingState.sol";
import {DelegatedOnly} from "./DelegatedOnly.sol";

/// @title Storage node registration, metadata, protocol keys, commission, the active set and node views.
/// @notice Registration is open and unbounded; what is scarce is the active set (at most
/// maxActiveNodes nodes, each with stake >= minStake), which committee selection reads. A node joins
/// it when it gets enough stake, evicting the member with the lowest stake when the set is full and
/// it has more; evicted nodes stay registered and join again once their stake is higher.
/// Part of FloeStakingExtension: runs in FloeStaking's storage through its fallback (DELEGATECALL);
/// price votes (updateVotes) stay in FloeStaking, which recomputes the prices.
abstract contract NodeRegistry is StakingState, DelegatedOnly {
    struct NodeView {
        address nodeId;
        string name;
        string networkAddress;
        bytes publicKey;
        address protocolKeyAddress;
        uint16 commissionBps;
        uint64 storagePriceVote;
        uint64 writePriceVote;
        uint64 capacityVote;
        uint256 activeStake;
        uint256 nextEpochStake;
        uint256 commission;
        uint32 registeredEpoch;
        uint16 scheduledCommissionBps;
        uint32 scheduledCommissionEpoch;
    }

    /// @notice Registers the caller as a storage node. `proofOfPossession` is the protocol key's
    /// signature over the Walrus-format message: header(intent 0, current epoch) || caller address
    /// left-padded to 32 bytes || publicKey (64 bytes x||y).
    function registerNode(
        string calldata name,
        string calldata networkAddress,
        bytes calldata publicKey,
        bytes calldata proofOfPossession,
        uint16 commissionBps,
        uint64 storagePriceVote,
        uint64 writePriceVote,
        uint64 capacityVote
    ) external onlyDelegated {
        Node storage n = nodes[msg.sender];
        if (n.registered) revert NodeAlreadyRegistered(msg.sender);
        if (commissionBps > 10_000) revert InvalidCommission(commissionBps);
        _checkText(bytes(name));
        _checkText(bytes(networkAddress));
        address keyAddress = _checkProofOfPossession(publicKey, proofOfPossession);
        n.registered = true;
        n.registeredEpoch = epoch;
        n.stakeEpoch = epoch;
        n.protocolKeyAddress = keyAddress;
        n.publicKey = publicKey;
        n.commissionBps = commissionBps;
        n.storagePriceVote = storagePriceVote;
        n.writePriceVote = writePriceVote;
        n.capacityVote = capacityVote;
        n.name = name;
        n.networkAddress = networkAddress;
        protocolKeyOwner[keyAddress] = msg.sender;
        n.index = uint32(nodeList.length);
        nodeList.push(msg.sender);
        emit NodeRegistered(msg.sender, epoch, keyAddress, name, networkAddress);
    }

    /// @notice Puts `nodeId` into the active set if its stake (all scheduled changes included) is
    /// at least minStake and the set has room or a member with less stake, which it evicts.
    /// Staking does this automatically; this is for a node that stayed out while the set was full
    /// and now outranks a member. Permissionless; a member is left as it is.
    function joinActiveSet(address nodeId) external onlyDelegated {
        _node(nodeId);
        _refreshActiveSet(nodeId, true, true);
    }

    /// @notice Changes the caller's node name and network address.
    function updateNodeMetadata(string calldata name, string calldata networkAddress) external onlyDelegated {
        Node storage n = _node(msg.sender);
        _checkText(bytes(name));
        _checkText(bytes(networkAddress));
        n.name = name;
        n.networkAddress = networkAddress;
        emit NodeUpdated(msg.sender, epoch);
    }

    /// @notice Changes the caller's commission from the first epoch a withdrawal requested now would
    /// no longer count in (the next epoch, or the one after when the next committee is selected):
    /// delegators can always leave before a new rate applies to their rewards.
    function setCommission(uint16 commissionBps) external onlyDelegated {
        Node storage n = _node(msg.sender);
        if (commissionBps > 10_000) revert InvalidCommission(commissionBps);
        n.commissionBps = _commissionAt(n, epoch);
        n.pendingCommissionBps = commissionBps;
        n.commissionChangeEpoch = _nextEffectiveEpoch();
        emit NodeUpdated(msg.sender, epoch);
    }

    /// @notice Replaces the caller's protocol key; committees selected from now on use the new key.
    function rotateProtocolKey(bytes calldata publicKey, bytes calldata proofOfPossession) external onlyDelegated {
        Node storage n = _node(msg.sender);
        address keyAddress = _checkProofOfPossession(publicKey, proofOfPossession);
        delete protocolKeyOwner[n.protocolKeyAddress];
        protocolKeyOwner[keyAddress] = msg.sender;
        n.protocolKeyAddress = keyAddress;
        n.publicKey = publicKey;
        emit NodeUpdated(msg.sender, epoch);
    }

    /// @notice Pays the caller's node commission out.
    function collectCommission() external onlyDelegated returns (uint256 amount) {
        Node storage n = _node(msg.sender);
        amount = n.commission;
        n.commission = 0;
        _pay(msg.sender, amount);
        emit CommissionCollected(msg.sender, amount);
    }

    /// @return the number of registered nodes
    function nodeCount() external view onlyDelegated returns (uint256) {
        return nodeList.length;
    }

    /// @return ids up to `limit` registered node IDs from position `offset`, in registration order
    function getNodeIdsPage(uint256 offset, uint256 limit) external view onlyDelegated returns (address[] memory ids) {
        uint256 count = nodeList.length;
        uint256 end = offset >= count ? offset : (limit > count - offset ? count : offset + limit);
        ids = new address[](end - offset);
        for (uint256 i = offset; i < end; i++) {
            ids[i - offset] = nodeList[i];
        }
    }

    /// @return nodeIds the active set's members (in no particular order), stakes the stake each
    ///   entered or was last updated with (every scheduled change included)
    function getActiveSet() external view onlyDelegated returns (address[] memory nodeIds, uint256[] memory stakes) {
        uint256 m = ActiveSet.size(activeSet);
        nodeIds = new address[](m);
        stakes = new uint256[](m);
        for (uint256 i = 0; i < m; i++) {
            ActiveSet.Entry storage e = activeSet.heap[i];
            nodeIds[i] = nodeList[e.nodeIndex];
            stakes[i] = e.stake;
        }
    }

    /// @return v the node's record (nodeId = address(0) when not registered)
    function getNode(address nodeId) public view onlyDelegated returns (NodeView memory v) {
        Node storage n = nodes[nodeId];
        if (!n.registered) return v;
        v.nodeId = nodeId;
        v.name = n.name;
        v.networkAddress = n.networkAddress;
        v.publicKey = n.publicKey;
        v.protocolKeyAddress = n.protocolKeyAddress;
        v.commissionBps = _commissionAt(n, epoch);
        v.storagePriceVote = n.storagePriceVote;
        v.writePriceVote = n.writePriceVote;
        v.capacityVote = n.capacityVote;
        v.activeStake = _stakeAt(nodeId, epoch);
        v.nextEpochStake = _stakeAt(nodeId, epoch + 1);
        v.commission = n.commission;
        v.registeredEpoch = n.registeredEpoch;
        if (n.commissionChangeEpoch > epoch) {
            v.scheduledCommissionBps = n.pendingCommissionBps;
            v.scheduledCommissionEpoch = n.commissionChangeEpoch;
        }
    }

    /// @return views the records of the given nodes
    function getNodes(address[] calldata nodeIds) external view onlyDelegated returns (NodeView[] memory views) {
        views = new NodeView[](nodeIds.length);
        for (uint256 i = 0; i < nodeIds.length; i++) {
            views[i] = getNode(nodeIds[i]);
        }
    }
}
