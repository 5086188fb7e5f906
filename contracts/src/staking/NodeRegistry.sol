// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {StakingState} from "./StakingState.sol";

/// @title Storage node registration, metadata, votes, protocol keys and commission.
abstract contract NodeRegistry is StakingState {
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
    ) external {
        Node storage n = nodes[msg.sender];
        if (n.registered) revert NodeAlreadyRegistered(msg.sender);
        if (nodeList.length >= maxNodes) revert TooManyNodes(maxNodes);
        if (commissionBps > 10_000) revert InvalidCommission(commissionBps);
        _checkText(bytes(name));
        _checkText(bytes(networkAddress));
        address keyAddress = _checkProofOfPossession(publicKey, proofOfPossession);
        n.registered = true;
        n.registeredEpoch = epoch;
        n.protocolKeyAddress = keyAddress;
        n.publicKey = publicKey;
        n.commissionBps = commissionBps;
        n.storagePriceVote = storagePriceVote;
        n.writePriceVote = writePriceVote;
        n.capacityVote = capacityVote;
        n.name = name;
        n.networkAddress = networkAddress;
        protocolKeyOwner[keyAddress] = msg.sender;
        n.index = uint16(nodeList.length);
        nodeList.push(msg.sender);
        emit NodeRegistered(msg.sender, epoch, keyAddress, name, networkAddress);
    }

    /// @notice Changes the caller's node name and network address.
    function updateNodeMetadata(string calldata name, string calldata networkAddress) external {
        Node storage n = _node(msg.sender);
        _checkText(bytes(name));
        _checkText(bytes(networkAddress));
        n.name = name;
        n.networkAddress = networkAddress;
        emit NodeUpdated(msg.sender, epoch);
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

    /// @notice Changes the caller's commission from the first epoch a withdrawal requested now would
    /// no longer count in (the next epoch, or the one after when the next committee is selected):
    /// delegators can always leave before a new rate applies to their rewards.
    function setCommission(uint16 commissionBps) external {
        Node storage n = _node(msg.sender);
        if (commissionBps > 10_000) revert InvalidCommission(commissionBps);
        n.commissionBps = _commissionAt(n, epoch);
        n.pendingCommissionBps = commissionBps;
        n.commissionChangeEpoch = _nextEffectiveEpoch();
        emit NodeUpdated(msg.sender, epoch);
    }

    /// @notice Replaces the caller's protocol key; committees selected from now on use the new key.
    function rotateProtocolKey(bytes calldata publicKey, bytes calldata proofOfPossession) external {
        Node storage n = _node(msg.sender);
        address keyAddress = _checkProofOfPossession(publicKey, proofOfPossession);
        delete protocolKeyOwner[n.protocolKeyAddress];
        protocolKeyOwner[keyAddress] = msg.sender;
        n.protocolKeyAddress = keyAddress;
        n.publicKey = publicKey;
        emit NodeUpdated(msg.sender, epoch);
    }

    /// @notice Pays the caller's node commission out.
    function collectCommission() external returns (uint256 amount) {
        Node storage n = _node(msg.sender);
        amount = n.commission;
        n.commission = 0;
        _pay(msg.sender, amount);
        emit CommissionCollected(msg.sender, amount);
    }

    /// @return every registered node ID, in registration order
    function getNodeIds() external view returns (address[] memory) {
        return nodeList;
    }

    /// @return v the node's record (nodeId = address(0) when not registered)
    function getNode(address nodeId) public view returns (NodeView memory v) {
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
        v.activeStake = n.activeStake;
        v.nextEpochStake = uint256(int256(uint256(n.activeStake)) + stakeDelta[nodeId][epoch + 1]);
        v.commission = n.commission;
        v.registeredEpoch = n.registeredEpoch;
    }

    /// @return views the records of the given nodes
    function getNodes(address[] calldata nodeIds) external view returns (NodeView[] memory views) {
        views = new NodeView[](nodeIds.length);
        for (uint256 i = 0; i < nodeIds.length; i++) {
            views[i] = getNode(nodeIds[i]);
        }
    }
}
