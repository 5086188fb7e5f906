// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {IERC20} from "./interfaces/IERC20.sol";
import {IFloeSystem} from "./interfaces/IFloeSystem.sol";
import {IFloeStaking} from "./interfaces/IFloeStaking.sol";
import {Certificate} from "./interfaces/Certificate.sol";
import {Committees} from "./lib/Committees.sol";
import {CommitteeSelection} from "./lib/CommitteeSelection.sol";
import {Messages} from "./lib/Messages.sol";
import {RewardHistory} from "./lib/RewardHistory.sol";
import {Signatures} from "./lib/Signatures.sol";
import {VoteMath} from "./lib/VoteMath.sol";

/// @title Floe staking: storage nodes, delegated stake, committees, the epoch state machine,
/// price votes and committee certificate verification.
/// @notice Epoch state machine (walrus-protocol.md §5.5):
///   DONE --votingEnd (start + duration/2)--> SELECTED --initiateEpochChange (start + duration)-->
///   SYNC (epoch + 1) --epochSyncDone by a quorum of the new committee's shards--> DONE.
/// Epoch 0 is the genesis epoch without a committee; the owner may end it at once.
contract FloeStaking is IFloeStaking {
    using Committees for Committees.Committee;
    using RewardHistory for RewardHistory.Checkpoint[];

    uint8 public constant PHASE_SYNC = 0;
    uint8 public constant PHASE_DONE = 1;
    uint8 public constant PHASE_SELECTED = 2;
    uint256 private constant MAX_TEXT = 256;
    uint16 private constant NONE = type(uint16).max;

    struct Node {
        address protocolKeyAddress;
        uint16 commissionBps;
        uint32 registeredEpoch;
        bool registered;
        uint64 storagePriceVote;
        uint64 writePriceVote;
        uint64 capacityVote;
        uint96 activeStake;
        uint128 commission;
        string name;
        string networkAddress;
        bytes publicKey;
    }

    struct StakePosition {
        address owner;
        uint32 activationEpoch;
        uint32 withdrawEpoch;
        bool withdrawn;
        address node;
        uint96 amount;
    }

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

    struct StakeView {
        bytes32 stakeId;
        address owner;
        address node;
        uint256 amount;
        uint32 activationEpoch;
        uint32 withdrawEpoch;
        bool withdrawn;
    }

    IERC20 public immutable token;
    address public immutable owner;
    uint16 public immutable nShards;
    uint64 public immutable epochDuration;
    uint96 public immutable minStake;
    uint16 public immutable maxCommitteeSize;
    uint16 public immutable maxNodes;

    IFloeSystem public system;
    uint32 public epoch;
    uint8 public phase;
    uint64 public epochStart;
    uint64 public storagePrice;
    uint64 public writePrice;
    uint64 public capacity;
    uint256 public rewardCarry;
    uint256 private stakeCounter;

    mapping(address => Node) private nodes;
    address[] private nodeList;
    mapping(address => address) public protocolKeyOwner;
    mapping(address => mapping(uint32 => int256)) private stakeDelta;
    mapping(uint32 => Committees.Committee) private committees;
    mapping(uint32 => mapping(address => bool)) public syncDone;
    mapping(uint32 => uint256) public syncedWeight;
    mapping(bytes32 => StakePosition) private stakes;
    mapping(address => RewardHistory.Checkpoint[]) private rewardHistory;

    event NodeRegistered(
        address indexed nodeId, uint32 epoch, address protocolKeyAddress, string name, string networkAddress
    );
    event NodeUpdated(address indexed nodeId, uint32 epoch);
    event StakeDeposited(
        bytes32 indexed stakeId, address indexed nodeId, address indexed owner, uint256 amount, uint32 activationEpoch
    );
    event StakeWithdrawalRequested(bytes32 indexed stakeId, address indexed nodeId, uint32 withdrawEpoch);
    event StakeWithdrawn(
        bytes32 indexed stakeId, address indexed nodeId, address indexed owner, uint256 principal, uint256 rewards
    );
    event CommissionCollected(address indexed nodeId, uint256 amount);
    event RewardsDistributed(uint32 epoch, uint256 amount);
    event EpochParametersSelected(uint32 nextEpoch);
    event EpochChangeStart(uint32 epoch);
    event EpochChangeDone(uint32 epoch);
    event ShardsReceived(uint32 epoch, address indexed nodeId, uint16[] shards);
    event PricesUpdated(uint32 epoch, uint64 storagePrice, uint64 writePrice);

    error NotOwner(address caller);
    error InvalidParameters();
    error SystemAlreadySet();
    error SystemNotSet();
    error NodeAlreadyRegistered(address nodeId);
    error NodeNotRegistered(address nodeId);
    error TooManyNodes(uint256 maxNodes);
    error InvalidText(uint256 length);
    error InvalidPublicKey(uint256 length);
    error DuplicateProtocolKey(address keyAddress);
    error InvalidProofOfPossession(address keyAddress);
    error InvalidCommission(uint256 bps);
    error ZeroAmount();
    error TransferFailed();
    error StakeNotFound(bytes32 stakeId);
    error NotStakeOwner(bytes32 stakeId, address caller);
    error WithdrawalAlreadyRequested(bytes32 stakeId);
    error WithdrawalNotRequested(bytes32 stakeId);
    error AlreadyWithdrawn(bytes32 stakeId);
    error WithdrawalNotYetEffective(bytes32 stakeId, uint32 withdrawEpoch, uint32 currentEpoch);
    error WrongEpochState(uint8 phase, uint8 expected);
    error TooEarly(uint256 time, uint256 notBefore);
    error NoCandidates();
    error NotInCommittee(address nodeId, uint32 epoch);
    error WrongEpoch(uint32 given, uint32 current);

    constructor(
        IERC20 token_,
        uint16 nShards_,
        uint64 epochDuration_,
        uint96 minStake_,
        uint16 maxCommitteeSize_,
        uint16 maxNodes_
    ) {
        if (nShards_ < 4 || epochDuration_ < 2 || maxCommitteeSize_ == 0 || maxNodes_ < maxCommitteeSize_) {
            revert InvalidParameters();
        }
        token = token_;
        owner = msg.sender;
        nShards = nShards_;
        epochDuration = epochDuration_;
        minStake = minStake_;
        maxCommitteeSize = maxCommitteeSize_;
        maxNodes = maxNodes_;
        phase = PHASE_DONE;
        epochStart = uint64(block.timestamp);
    }

    /// @notice Links the blob system; owner only, once.
    function setSystem(IFloeSystem system_) external {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        if (address(system) != address(0)) revert SystemAlreadySet();
        system = system_;
    }

    // ------------------------------------------------------------------ nodes

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

    /// @notice Changes the caller's commission.
    function setCommission(uint16 commissionBps) external {
        Node storage n = _node(msg.sender);
        if (commissionBps > 10_000) revert InvalidCommission(commissionBps);
        n.commissionBps = commissionBps;
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

    // ------------------------------------------------------------------ stake

    /// @notice Stakes `amount` with `nodeId`. It counts from the next epoch, or from the one after
    /// when the next committee is already selected.
    function stake(address nodeId, uint96 amount) external returns (bytes32 stakeId) {
        _node(nodeId);
        if (amount == 0) revert ZeroAmount();
        if (!token.transferFrom(msg.sender, address(this), amount)) revert TransferFailed();
        uint32 activation = _nextEffectiveEpoch();
        stakeDelta[nodeId][activation] += int256(uint256(amount));
        stakeId = keccak256(abi.encode(block.chainid, address(this), "stake", ++stakeCounter));
        stakes[stakeId] = StakePosition({
            owner: msg.sender,
            activationEpoch: activation,
            withdrawEpoch: 0,
            withdrawn: false,
            node: nodeId,
            amount: amount
        });
        emit StakeDeposited(stakeId, nodeId, msg.sender, amount, activation);
    }

    /// @notice Asks to withdraw: the stake stops counting from the next epoch (or the one after when
    /// the next committee is selected). Stake no selected committee counted is paid out at once.
    function requestWithdrawal(bytes32 stakeId) external {
        StakePosition storage p = _ownedStake(stakeId);
        if (p.withdrawEpoch != 0) revert WithdrawalAlreadyRequested(stakeId);
        uint32 effective = _nextEffectiveEpoch();
        if (p.activationEpoch >= effective) {
            stakeDelta[p.node][p.activationEpoch] -= int256(uint256(p.amount));
            p.withdrawEpoch = p.activationEpoch;
            p.withdrawn = true;
            emit StakeWithdrawalRequested(stakeId, p.node, p.activationEpoch);
            _pay(msg.sender, p.amount);
            emit StakeWithdrawn(stakeId, p.node, msg.sender, p.amount, 0);
        } else {
            stakeDelta[p.node][effective] -= int256(uint256(p.amount));
            p.withdrawEpoch = effective;
            emit StakeWithdrawalRequested(stakeId, p.node, effective);
        }
    }

    /// @notice Pays out a position whose withdrawal is effective: principal plus rewards.
    function withdrawStake(bytes32 stakeId) external returns (uint256 total) {
        StakePosition storage p = _ownedStake(stakeId);
        if (p.withdrawEpoch == 0) revert WithdrawalNotRequested(stakeId);
        if (epoch < p.withdrawEpoch) revert WithdrawalNotYetEffective(stakeId, p.withdrawEpoch, epoch);
        uint256 rewards = _rewards(p);
        p.withdrawn = true;
        total = uint256(p.amount) + rewards;
        _pay(msg.sender, total);
        emit StakeWithdrawn(stakeId, p.node, msg.sender, p.amount, rewards);
    }

    // ------------------------------------------------------------------ epochs

    /// @notice Ends voting: selects the next committee. Due at epoch start + duration/2.
    function votingEnd() external {
        if (phase != PHASE_DONE) revert WrongEpochState(phase, PHASE_DONE);
        _requireTime(epochDuration / 2);
        _selectCommittee(epoch + 1);
        phase = PHASE_SELECTED;
        emit EpochParametersSelected(epoch + 1);
    }

    /// @notice Starts the next epoch with the selected committee. Due at epoch start + duration.
    function initiateEpochChange() external {
        if (phase != PHASE_SELECTED) revert WrongEpochState(phase, PHASE_SELECTED);
        if (address(system) == address(0)) revert SystemNotSet();
        _requireTime(epochDuration);
        uint32 ended = epoch;
        uint32 next = ended + 1;
        uint256 rewards = system.onEpochChange(next);
        _distributeRewards(ended, rewards + rewardCarry);
        uint256 count = nodeList.length;
        for (uint256 i = 0; i < count; i++) {
            address a = nodeList[i];
            int256 d = stakeDelta[a][next];
            if (d != 0) {
                nodes[a].activeStake = uint96(uint256(int256(uint256(nodes[a].activeStake)) + d));
                delete stakeDelta[a][next];
            }
        }
        epoch = next;
        epochStart = uint64(block.timestamp);
        _refreshPrices();
        emit EpochChangeStart(next);
        if (committees[ended].nodes.length == 0) {
            phase = PHASE_DONE;
            emit EpochChangeDone(next);
        } else {
            phase = PHASE_SYNC;
        }
    }

    /// @notice The caller's node reports that it holds all its shards of epoch `epoch_`.
    function epochSyncDone(uint32 epoch_) external {
        if (epoch_ != epoch) revert WrongEpoch(epoch_, epoch);
        Committees.Committee storage c = committees[epoch];
        uint256 index = c.indexOf(msg.sender);
        if (index == c.nodes.length) revert NotInCommittee(msg.sender, epoch);
        if (syncDone[epoch][msg.sender]) return;
        syncDone[epoch][msg.sender] = true;
        uint256 weight = syncedWeight[epoch] + c.keys[index].weight;
        syncedWeight[epoch] = weight;
        emit ShardsReceived(epoch, msg.sender, c.shardsOf(index));
        if (phase == PHASE_SYNC && 3 * weight >= 2 * uint256(nShards) + 1) {
            phase = PHASE_DONE;
            emit EpochChangeDone(epoch);
        }
    }

    // ------------------------------------------------------------------ certificates

    /// @inheritdoc IFloeStaking
    function verifyCertificate(Certificate calldata cert, bool quorum) external view returns (uint256 weight) {
        return committees[epoch].verify(cert, epoch, nShards, quorum);
    }

    // ------------------------------------------------------------------ views

    /// @return epoch_ the current epoch, phase_ its phase, start_ its start time (seconds),
    ///   duration the epoch duration (seconds), shards the number of shards
    function epochState()
        external
        view
        returns (uint32 epoch_, uint8 phase_, uint64 start_, uint64 duration, uint16 shards)
    {
        return (epoch, phase, epochStart, epochDuration, nShards);
    }

    /// @return nodeIds members in committee order, protocolKeys their signing addresses, weights
    ///   their shard counts, shardOwner for each shard the index of the member holding it
    function getCommittee(uint32 epoch_)
        external
        view
        returns (address[] memory nodeIds, address[] memory protocolKeys, uint16[] memory weights, uint16[] memory shardOwner)
    {
        Committees.Committee storage c = committees[epoch_];
        uint256 m = c.nodes.length;
        nodeIds = c.nodes;
        protocolKeys = new address[](m);
        weights = new uint16[](m);
        for (uint256 i = 0; i < m; i++) {
            protocolKeys[i] = c.keys[i].protocolKeyAddress;
            weights[i] = c.keys[i].weight;
        }
        shardOwner = c.shardOwner;
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
        v.commissionBps = n.commissionBps;
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

    /// @return v the stake position (owner = address(0) when unknown)
    function getStake(bytes32 stakeId) external view returns (StakeView memory v) {
        StakePosition storage p = stakes[stakeId];
        return StakeView(stakeId, p.owner, p.node, p.amount, p.activationEpoch, p.withdrawEpoch, p.withdrawn);
    }

    /// @return rewards earned by the position so far (through the last finished epoch)
    function stakeRewards(bytes32 stakeId) external view returns (uint256) {
        StakePosition storage p = stakes[stakeId];
        if (p.owner == address(0) || p.withdrawn) return 0;
        return _rewards(p);
    }

    /// @return cumulative rewards per unit of stake (scaled by 1e18) of `nodeId` through epoch `e`
    function cumulativeRewardPerStake(address nodeId, uint32 e) public view returns (uint256) {
        return rewardHistory[nodeId].cumulativeAt(e);
    }

    // ------------------------------------------------------------------ internals

    function _node(address nodeId) private view returns (Node storage n) {
        n = nodes[nodeId];
        if (!n.registered) revert NodeNotRegistered(nodeId);
    }

    function _ownedStake(bytes32 stakeId) private view returns (StakePosition storage p) {
        p = stakes[stakeId];
        if (p.owner == address(0)) revert StakeNotFound(stakeId);
        if (p.owner != msg.sender) revert NotStakeOwner(stakeId, msg.sender);
        if (p.withdrawn) revert AlreadyWithdrawn(stakeId);
    }

    function _checkText(bytes calldata text) private pure {
        if (text.length == 0 || text.length > MAX_TEXT) revert InvalidText(text.length);
    }

    function _checkProofOfPossession(bytes calldata publicKey, bytes calldata pop) private view returns (address keyAddress) {
        if (publicKey.length != 64) revert InvalidPublicKey(publicKey.length);
        keyAddress = Signatures.keyAddress(publicKey);
        if (protocolKeyOwner[keyAddress] != address(0)) revert DuplicateProtocolKey(keyAddress);
        bytes32 digest = keccak256(
            abi.encodePacked(Messages.header(Messages.INTENT_PROOF_OF_POSSESSION, epoch), bytes12(0), msg.sender, publicKey)
        );
        if (pop.length != 65 || Signatures.recover(digest, pop, 0) != keyAddress) {
            revert InvalidProofOfPossession(keyAddress);
        }
    }

    function _nextEffectiveEpoch() private view returns (uint32) {
        return phase == PHASE_SELECTED ? epoch + 2 : epoch + 1;
    }

    function _requireTime(uint64 delta) private view {
        if (epoch == 0 && msg.sender == owner) return;
        uint256 notBefore = uint256(epochStart) + delta;
        if (block.timestamp < notBefore) revert TooEarly(block.timestamp, notBefore);
    }

    function _pay(address to, uint256 amount) private {
        if (amount > 0 && !token.transfer(to, amount)) revert TransferFailed();
    }

    function _rewards(StakePosition storage p) private view returns (uint256) {
        uint32 end = p.withdrawEpoch == 0 ? epoch : p.withdrawEpoch;
        if (end <= p.activationEpoch) return 0;
        uint256 gain = cumulativeRewardPerStake(p.node, end - 1) - cumulativeRewardPerStake(p.node, p.activationEpoch - 1);
        return (uint256(p.amount) * gain) / RewardHistory.PRECISION;
    }

    function _distributeRewards(uint32 ended, uint256 amount) private {
        Committees.Committee storage c = committees[ended];
        uint256 m = c.nodes.length;
        if (m == 0 || amount == 0) {
            rewardCarry = amount;
            return;
        }
        uint256 paid;
        for (uint256 i = 0; i < m; i++) {
            Node storage n = nodes[c.nodes[i]];
            uint256 share = (amount * c.keys[i].weight) / nShards;
            paid += share;
            uint256 commission = (share * n.commissionBps) / 10_000;
            uint256 pool = share - commission;
            if (n.activeStake == 0) {
                commission += pool;
                pool = 0;
            }
            n.commission += uint128(commission);
            if (pool > 0) rewardHistory[c.nodes[i]].add(ended, pool, n.activeStake);
        }
        rewardCarry = amount - paid;
        emit RewardsDistributed(ended, paid);
    }

    function _selectCommittee(uint32 next) private {
        uint256 count = nodeList.length;
        address[] memory candidates = new address[](count);
        uint256[] memory amounts = new uint256[](count);
        uint256 k;
        for (uint256 i = 0; i < count; i++) {
            address a = nodeList[i];
            int256 s = int256(uint256(nodes[a].activeStake)) + stakeDelta[a][next];
            if (s > 0 && uint256(s) >= minStake) {
                candidates[k] = a;
                amounts[k] = uint256(s);
                k++;
            }
        }
        if (k == 0) revert NoCandidates();
        while (k > maxCommitteeSize) {
            uint256 lowest = 0;
            for (uint256 i = 1; i < k; i++) {
                if (amounts[i] <= amounts[lowest]) lowest = i;
            }
            for (uint256 i = lowest; i + 1 < k; i++) {
                candidates[i] = candidates[i + 1];
                amounts[i] = amounts[i + 1];
            }
            k--;
        }
        assembly ("memory-safe") {
            mstore(candidates, k)
            mstore(amounts, k)
        }
        uint256 n = nShards;
        uint256[] memory seats = CommitteeSelection.dHondt(amounts, n, CommitteeSelection.perNodeCap(n, k));
        uint256 m;
        for (uint256 i = 0; i < k; i++) {
            if (seats[i] > 0) {
                candidates[m] = candidates[i];
                seats[m] = seats[i];
                m++;
            }
        }
        assembly ("memory-safe") {
            mstore(candidates, m)
            mstore(seats, m)
        }
        Committees.Committee storage prev = committees[epoch];
        uint256 pm = prev.nodes.length;
        uint256[] memory prevToNew = new uint256[](pm);
        for (uint256 i = 0; i < pm; i++) {
            prevToNew[i] = NONE;
            address a = prev.nodes[i];
            for (uint256 j = 0; j < m; j++) {
                if (candidates[j] == a) {
                    prevToNew[i] = j;
                    break;
                }
            }
        }
        uint16[] memory owners = CommitteeSelection.assignShards(prev.shardOwner, prevToNew, seats, n);
        Committees.Committee storage c = committees[next];
        for (uint256 j = 0; j < m; j++) {
            c.nodes.push(candidates[j]);
            c.keys.push(Committees.MemberKey(nodes[candidates[j]].protocolKeyAddress, uint16(seats[j])));
        }
        c.shardOwner = owners;
    }

    function _refreshPrices() private {
        Committees.Committee storage c = committees[epoch];
        uint256 m = c.nodes.length;
        if (m == 0) return;
        uint256[] memory weights = new uint256[](m);
        uint256[] memory sp = new uint256[](m);
        uint256[] memory wp = new uint256[](m);
        uint256[] memory cap = new uint256[](m);
        for (uint256 i = 0; i < m; i++) {
            Node storage n = nodes[c.nodes[i]];
            uint256 w = c.keys[i].weight;
            weights[i] = w;
            sp[i] = n.storagePriceVote;
            wp[i] = n.writePriceVote;
            cap[i] = (uint256(n.capacityVote) * nShards) / w;
        }
        uint64 newStorage = uint64(VoteMath.quorumValue(sp, weights, nShards, true));
        uint64 newWrite = uint64(VoteMath.quorumValue(wp, weights, nShards, true));
        uint256 newCapacity = VoteMath.quorumValue(cap, weights, nShards, false);
        if (newCapacity > type(uint64).max) newCapacity = type(uint64).max;
        if (newStorage != storagePrice || newWrite != writePrice) {
            storagePrice = newStorage;
            writePrice = newWrite;
            emit PricesUpdated(epoch, newStorage, newWrite);
        }
        capacity = uint64(newCapacity);
        system.setPrices(newStorage, newWrite, uint64(newCapacity));
    }
}
