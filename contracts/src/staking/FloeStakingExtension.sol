// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {IERC20} from "../interfaces/IERC20.sol";
import {StakingState} from "./StakingState.sol";
import {NodeRegistry} from "./NodeRegistry.sol";
import {StakingViews} from "./StakingViews.sol";

/// @title The rarely-called part of Floe staking: node registration (with the proof of possession),
/// metadata, protocol keys, commission, joining the active set, and the views of nodes, stake
/// positions and committees.
/// @notice Created by FloeStaking's constructor with FloeStaking's own parameters and run only by
/// FloeStaking's fallback through DELEGATECALL: in FloeStaking's storage (the same StakingState
/// layout), with FloeStaking's address emitting the events and holding the tokens. Callers use
/// FloeStaking's address and ABI (compile.js merges this contract's ABI into it); a direct call
/// reverts NotDelegated. It exists to keep FloeStaking under the EIP-170 code size limit.
contract FloeStakingExtension is NodeRegistry, StakingViews {
    constructor(
        IERC20 token_,
        address owner_,
        uint16 nShards_,
        uint64 epochDuration_,
        uint96 minStake_,
        uint16 maxCommitteeSize_,
        uint16 maxActiveNodes_,
        uint16 slashingBps_
    )
        StakingState(token_, owner_, nShards_, epochDuration_, minStake_, maxCommitteeSize_, maxActiveNodes_, slashingBps_)
    {}
}
