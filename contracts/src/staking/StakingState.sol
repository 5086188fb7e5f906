// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {IERC20} from "../interfaces/IERC20.sol";
import {IFloeSystem} from "../interfaces/IFloeSystem.sol";
import {ActiveSet} from "../lib/ActiveSet.sol";
import {Committees} from "../lib/Committees.sol";
import {Messages} from "../lib/Messages.sol";
import {RewardHistory} from "../lib/RewardHistory.sol";
import {Signatures} from "../lib/Signatures.sol";

/// @title State, events, errors and shared rules of Floe staking.
/// @dev Split by responsibility. FloeStaking and FloeStakingExtension (run by FloeStaking through
/// DELEGATECALL) both inherit it, so they share one storage layout by construction; neither declares
/// storage of its own (compile.js checks that their layouts are identical).
abstract contract StakingState {
    using RewardHistory for RewardHistory.Checkpoint[];

    uint8 public constant PHASE_SYNC = 0;
    uint8 public constant PHASE_DONE = 1;
    uint8 public constant PHASE_SELECTED = 2;
    uint256 internal constant MAX_TEXT = 256;
    /// The most slashes _rewards steps through one by one (~2.5k gas each).
    uint256 internal constant MAX_REWARD_STEPS = 256;
    /// Where slashed stake goes when its position is paid out: an address without a known key.
    address public constant BURN = 0x000000000000000000000000000000000000dEaD;

    struct Node {
        address protocolKeyAddress;
        uint16 commissionBps;
        uint32 registeredEpoch;
        bool registered;
        uint32 index;
        uint64 storagePriceVote;
        uint64 writePriceVote;
        uint64 capacityVote;
        uint16 pendingCommissionBps;
        uint32 commissionChangeEpoch;
        /// stake counted in epoch stakeEpoch; changes for later epochs wait in stakeDelta
        uint96 activeStake;
        uint32 stakeEpoch;
        uint128 commission;
        string name;
        string networkAddress;
        bytes publicKey;
    }

    /// Withdrawals taking effect in an epoch k, valued when requested (slashes scale them): `early`
    /// of positions counted since k - 2 or before, `late` of positions that count from k - 1 only.
    struct Removal {
        uint128 early;
        uint128 late;
    }

    /// A slash of a node's pool in `epoch`; `rewardsBefore` is the node's cumulative reward per
    /// stake through epoch - 1, so positions earn on their principal as it was before the slash.
    struct Slash {
        uint32 epoch;
        uint224 rewardsBefore;
    }

    struct StakePosition {
        address owner;
        uint32 activationEpoch;
        uint32 withdrawEpoch;
        bool withdrawn;
        address node;
        uint96 amount;
    }

    IERC20 public immutable token;
    address public immutable owner;
    uint16 public immutable nShards;
    uint64 public immutable epochDuration;
    uint96 public immutable minStake;
    uint16 public immutable maxCommitteeSize;
    /// The most nodes in the active set (the candidates committee selection reads); registration
    /// itself is unbounded.
    uint16 public immutable maxActiveNodes;
    /// The part of a node's stake (basis points) slashed when it fails its storage challenge; 0: none.
    uint16 public immutable slashingBps;

    IFloeSystem public system;
    uint32 public epoch;
    uint8 public phase;
    uint64 public epochStart;
    /// When the last epoch change completed (EpochChangeDone); the next voting end and epoch change
    /// are due epochDuration/2 and epochDuration after it (walrus-protocol.md §5.5).
    uint64 public epochChangeDoneAt;
    uint64 public storagePrice;
    uint64 public writePrice;
    uint64 public capacity;
    uint256 public rewardCarry;
    uint256 internal stakeCounter;

    mapping(address => Node) internal nodes;
    address[] internal nodeList;
    ActiveSet.Set internal activeSet;
    mapping(address => address) public protocolKeyOwner;
    /// Stake changes by node and the epoch they take effect in; only epochs after the node's
    /// stakeEpoch are pending, and those are at most stakeEpoch + 2 (see _settleStake). Deposits
    /// (and their cancellations) at face value; withdrawals of counted stake go to stakeRemoval.
    mapping(address => mapping(uint32 => int256)) internal stakeDelta;
    mapping(address => mapping(uint32 => Removal)) internal stakeRemoval;
    /// The slashes of each node, by ascending epoch (at most one per epoch).
    mapping(address => Slash[]) internal slashes;
    /// @notice The stake slashed from each node's pool so far, in token units.
    mapping(address => uint256) public slashedStake;
    mapping(uint32 => Committees.Committee) internal committees;
    mapping(uint32 => mapping(address => bool)) public syncDone;
    mapping(uint32 => uint256) public syncedWeight;
    mapping(bytes32 => StakePosition) internal stakes;
    mapping(address => RewardHistory.Checkpoint[]) internal rewardHistory;
    /// Members that failed their storage challenge in an epoch forfeit its rewards (penalize):
    /// a bitmap by committee position (bit i % 256 of word i / 256), and the shards they held.
    mapping(uint32 => mapping(uint256 => uint256)) internal forfeitedMembers;
    mapping(uint32 => uint256) internal forfeitedWeight;
    /// The registry index + 1 of the member evicted last (0 = none): when a member leaves the active
    /// set through a withdrawal, it takes the freed place back if it still qualifies, so a node that
    /// evicts a member and then withdraws does not keep it out.
    uint32 internal lastEvicted;

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
    event ActiveSetJoined(address indexed nodeId, uint256 stake);
    /// `evictedBy` is the node that took the place, or zero when the stake fell below the minimum
    event ActiveSetLeft(address indexed nodeId, address evictedBy);
    event CommissionCollected(address indexed nodeId, uint256 amount);
    event RewardsDistributed(uint32 epoch, uint256 amount);
    event EpochParametersSelected(uint32 nextEpoch);
    event EpochChangeStart(uint32 epoch);
    event EpochChangeDone(uint32 epoch);
    event ShardsReceived(uint32 epoch, address indexed nodeId, uint16[] shards);
    event PricesUpdated(uint32 epoch, uint64 storagePrice, uint64 writePrice);
    event StakeSlashed(address indexed nodeId, uint32 epoch, uint256 amount);

    error NotOwner(address caller);
    error InvalidParameters();
    error SystemAlreadySet();
    error SystemNotSet();
    error OnlySystem(address caller);
    error NodeAlreadyRegistered(address nodeId);
    error NodeNotRegistered(address nodeId);
    error ActiveSetFull(uint256 stake, uint256 lowestStake);
    error StakeBelowMinimum(uint256 stake, uint256 minStake);
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
        address owner_,
        uint16 nShards_,
        uint64 epochDuration_,
        uint96 minStake_,
        uint16 maxCommitteeSize_,
        uint16 maxActiveNodes_,
        uint16 slashingBps_
    ) {
        if (
            nShards_ < 4 || epochDuration_ < 2 || maxCommitteeSize_ == 0 || maxActiveNodes_ < maxCommitteeSize_
                || slashingBps_ > 10_000
        ) {
            revert InvalidParameters();
        }
        token = token_;
        owner = owner_;
        nShards = nShards_;
        epochDuration = epochDuration_;
        minStake = minStake_;
        maxCommitteeSize = maxCommitteeSize_;
        maxActiveNodes = maxActiveNodes_;
        slashingBps = slashingBps_;
        phase = PHASE_DONE;
        epochStart = uint64(block.timestamp);
        epochChangeDoneAt = uint64(block.timestamp);
    }

    function _node(address nodeId) internal view returns (Node storage n) {
        n = nodes[nodeId];
        if (!n.registered) revert NodeNotRegistered(nodeId);
    }

    /// @return the stake of `nodeId` counted in epoch `e` (e >= the current epoch, or e = the
    ///   current epoch while it is ending); type(uint32).max gives the stake with every scheduled
    ///   change applied
    function _stakeAt(address nodeId, uint32 e) internal view returns (uint256) {
        Node storage n = nodes[nodeId];
        uint256 t = n.stakeEpoch;
        int256 s = int256(uint256(n.activeStake));
        if (e > t) s += _change(nodeId, uint32(t + 1));
        if (e > t + 1) s += _change(nodeId, uint32(t + 2));
        return uint256(s);
    }

    /// @return the net stake change of `nodeId` taking effect in epoch `k`
    function _change(address nodeId, uint32 k) private view returns (int256) {
        Removal storage r = stakeRemoval[nodeId][k];
        return stakeDelta[nodeId][k] - int256(uint256(r.early) + r.late);
    }

    /// @notice Applies the node's stake changes due by the current epoch, so the pending ones are
    /// at most two epochs ahead of stakeEpoch: changes are only ever scheduled for epoch + 1 or
    /// epoch + 2, right after this runs. Epoch changes thus need not visit every registered node.
    function _settleStake(address nodeId) internal {
        Node storage n = nodes[nodeId];
        uint32 t = n.stakeEpoch;
        if (t == epoch) return;
        int256 s = int256(uint256(n.activeStake));
        uint32 last = t + 2 < epoch ? t + 2 : epoch;
        for (uint32 k = t + 1; k <= last; k++) {
            s += _change(nodeId, k);
            delete stakeDelta[nodeId][k];
            delete stakeRemoval[nodeId][k];
        }
        n.activeStake = uint96(uint256(s));
        n.stakeEpoch = epoch;
    }

    /// @notice Brings the node's active-set entry in line with its stake after every change is
    /// applied: a member is updated (or leaves when below the minimum); a non-member joins when
    /// `join` and it qualifies. With `strict` a node that cannot join makes the call revert.
    function _refreshActiveSet(address nodeId, bool join, bool strict) internal {
        uint256 stake_ = _stakeAt(nodeId, type(uint32).max);
        uint32 index = nodes[nodeId].index;
        bool qualifies = stake_ > 0 && stake_ >= minStake;
        if (ActiveSet.contains(activeSet, index)) {
            if (qualifies) {
                ActiveSet.update(activeSet, index, uint96(stake_));
            } else {
                ActiveSet.remove(activeSet, index);
                emit ActiveSetLeft(nodeId, address(0));
                _readmitLastEvicted();
            }
            return;
        }
        if (!join) return;
        if (!qualifies) {
            if (strict) revert StakeBelowMinimum(stake_, minStake);
            return;
        }
        if (ActiveSet.size(activeSet) < maxActiveNodes) {
            ActiveSet.insert(activeSet, index, uint96(stake_));
        } else {
            uint256 lowestStake = ActiveSet.lowest(activeSet).stake;
            if (stake_ <= lowestStake) {
                if (strict) revert ActiveSetFull(stake_, lowestStake);
                return;
            }
            uint32 evicted = ActiveSet.replaceLowest(activeSet, index, uint96(stake_));
            lastEvicted = evicted + 1;
            emit ActiveSetLeft(nodeList[evicted], nodeId);
        }
        emit ActiveSetJoined(nodeId, stake_);
    }

    /// @dev Puts the member evicted last back into the place a leaving member freed, if it is still
    /// out and qualifies.
    function _readmitLastEvicted() private {
        uint32 e = lastEvicted;
        if (e == 0) return;
        delete lastEvicted;
        uint32 index = e - 1;
        if (ActiveSet.contains(activeSet, index)) return;
        address nodeId = nodeList[index];
        uint256 stake_ = _stakeAt(nodeId, type(uint32).max);
        if (stake_ == 0 || stake_ < minStake) return;
        ActiveSet.insert(activeSet, index, uint96(stake_));
        emit ActiveSetJoined(nodeId, stake_);
    }

    function _ownedStake(bytes32 stakeId) internal view returns (StakePosition storage p) {
        p = stakes[stakeId];
        if (p.owner == address(0)) revert StakeNotFound(stakeId);
        if (p.owner != msg.sender) revert NotStakeOwner(stakeId, msg.sender);
        if (p.withdrawn) revert AlreadyWithdrawn(stakeId);
    }

    function _checkText(bytes calldata text) internal pure {
        if (text.length == 0 || text.length > MAX_TEXT) revert InvalidText(text.length);
    }

    function _checkProofOfPossession(bytes calldata publicKey, bytes calldata pop) internal view returns (address keyAddress) {
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

    /// @return the commission rate that applies to the rewards of epoch `e`
    function _commissionAt(Node storage n, uint32 e) internal view returns (uint16) {
        uint32 change = n.commissionChangeEpoch;
        return change != 0 && e >= change ? n.pendingCommissionBps : n.commissionBps;
    }

    function _nextEffectiveEpoch() internal view returns (uint32) {
        return phase == PHASE_SELECTED ? epoch + 2 : epoch + 1;
    }

    function _requireTime(uint64 delta) internal view {
        if (epoch == 0 && msg.sender == owner) return;
        uint256 notBefore = uint256(epochChangeDoneAt) + delta;
        if (block.timestamp < notBefore) revert TooEarly(block.timestamp, notBefore);
    }

    function _pay(address to, uint256 amount) internal {
        if (amount > 0 && !token.transfer(to, amount)) revert TransferFailed();
    }

    /// @return total rewards of the position so far: each epoch's on the principal it had then, so a
    ///   slash lowers the rewards of later epochs only. One step per slash of its node while it counted,
    ///   ending once the principal is 0; past MAX_REWARD_STEPS slashes (bounded gas) the remaining
    ///   epochs earn on the final principal, never more than they earned.
    function _rewards(StakePosition storage p) internal view returns (uint256 total) {
        uint32 end = p.withdrawEpoch == 0 ? epoch : p.withdrawEpoch;
        if (end <= p.activationEpoch) return 0;
        RewardHistory.Checkpoint[] storage h = rewardHistory[p.node];
        Slash[] storage s = slashes[p.node];
        uint256 last = _countBelow(s, end);
        uint256 from = h.cumulativeAt(p.activationEpoch - 1);
        uint256 principal = p.amount;
        uint256 i = _countBelow(s, p.activationEpoch);
        uint256 stop = last < i + MAX_REWARD_STEPS ? last : i + MAX_REWARD_STEPS;
        for (; i < stop && principal != 0; i++) {
            uint256 upTo = s[i].rewardsBefore;
            total += (principal * (upTo - from)) / RewardHistory.PRECISION;
            from = upTo;
            principal = (principal * (10_000 - uint256(slashingBps))) / 10_000;
        }
        if (i < last) principal = _principal(p);
        total += (principal * (h.cumulativeAt(end - 1) - from)) / RewardHistory.PRECISION;
    }

    /// @return the position's principal after the slashes of its node in the epochs it counted in,
    ///   [activationEpoch, withdrawEpoch): amount * (1 - slashingBps / 10^4)^slashes, rounded down
    function _principal(StakePosition storage p) internal view returns (uint256) {
        Slash[] storage s = slashes[p.node];
        uint256 k = (p.withdrawEpoch == 0 ? s.length : _countBelow(s, p.withdrawEpoch)) - _countBelow(s, p.activationEpoch);
        uint256 f = 1e27;
        uint256 x = (10_000 - uint256(slashingBps)) * 1e23;
        for (; k > 0; k >>= 1) {
            if (k & 1 == 1) f = (f * x) / 1e27;
            x = (x * x) / 1e27;
        }
        return (uint256(p.amount) * f) / 1e27;
    }

    /// @return lo how many entries of the ascending `s` are below `e`
    function _countBelow(Slash[] storage s, uint32 e) private view returns (uint256 lo) {
        uint256 hi = s.length;
        while (lo < hi) {
            uint256 mid = (lo + hi) / 2;
            if (s[mid].epoch < e) lo = mid + 1;
            else hi = mid;
        }
    }
}
