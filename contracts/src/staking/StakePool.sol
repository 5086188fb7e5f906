// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {StakingState} from "./StakingState.sol";

/// @title Delegated stake positions: deposit, timed withdrawal, rewards.
/// @notice Stake counts from the next epoch, or the one after when the next committee is already
/// selected; withdrawals take effect on the same schedule (walrus-protocol.md §4.5). Every change
/// updates the node's place in the active set: staking may bring it in (evicting the lowest stake
/// when the set is full), withdrawing below the minimum takes it out. The views of positions
/// (getStake, stakeRewards) are in StakingViews, part of FloeStakingExtension.
abstract contract StakePool is StakingState {
    /// @notice Stakes `amount` with `nodeId`. It counts from the next epoch, or from the one after
    /// when the next committee is already selected.
    function stake(address nodeId, uint96 amount) external returns (bytes32 stakeId) {
        _node(nodeId);
        if (amount == 0) revert ZeroAmount();
        if (!token.transferFrom(msg.sender, address(this), amount)) revert TransferFailed();
        _settleStake(nodeId);
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
        _refreshActiveSet(nodeId, true, false);
    }

    /// @notice Asks to withdraw: the stake stops counting from the next epoch (or the one after when
    /// the next committee is selected). Stake no selected committee counted yet never counts, but is
    /// paid out (withdrawStake) only from its activation epoch: stake that just evicted an active-set
    /// member cannot be taken back before the selection it evicted the member for.
    function requestWithdrawal(bytes32 stakeId) external {
        StakePosition storage p = _ownedStake(stakeId);
        if (p.withdrawEpoch != 0) revert WithdrawalAlreadyRequested(stakeId);
        _settleStake(p.node);
        uint32 effective = _nextEffectiveEpoch();
        if (p.activationEpoch >= effective) {
            stakeDelta[p.node][p.activationEpoch] -= int256(uint256(p.amount));
            p.withdrawEpoch = p.activationEpoch;
            emit StakeWithdrawalRequested(stakeId, p.node, p.activationEpoch);
        } else {
            // valued now; a later slash of an epoch the stake still counts in scales the removal too
            Removal storage r = stakeRemoval[p.node][effective];
            uint128 v = uint128(_principal(p));
            if (p.activationEpoch + 1 == effective) r.late += v;
            else r.early += v;
            p.withdrawEpoch = effective;
            emit StakeWithdrawalRequested(stakeId, p.node, effective);
        }
        _refreshActiveSet(p.node, false, false);
    }

    /// @notice Pays out a position whose withdrawal is effective: principal (after slashing) plus
    /// rewards. The slashed part of the principal goes to BURN, where nobody can spend it.
    function withdrawStake(bytes32 stakeId) external returns (uint256 total) {
        StakePosition storage p = _ownedStake(stakeId);
        if (p.withdrawEpoch == 0) revert WithdrawalNotRequested(stakeId);
        if (epoch < p.withdrawEpoch) revert WithdrawalNotYetEffective(stakeId, p.withdrawEpoch, epoch);
        uint256 rewards = _rewards(p);
        uint256 principal = _principal(p);
        p.withdrawn = true;
        total = principal + rewards;
        _pay(msg.sender, total);
        _pay(BURN, p.amount - principal);
        emit StakeWithdrawn(stakeId, p.node, msg.sender, principal, rewards);
    }
}
