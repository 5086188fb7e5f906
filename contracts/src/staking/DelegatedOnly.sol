// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title Code that runs only in its deployer's storage, through DELEGATECALL.
/// @notice The deployer (FloeStaking, which creates its extension in its constructor) is fixed at
/// construction. Under DELEGATECALL from it `address(this)` is the deployer; a direct call sees the
/// extension's own address and reverts, so nobody can run the code against any other storage.
abstract contract DelegatedOnly {
    address private immutable host;

    /// The call did not come through the host contract by DELEGATECALL.
    error NotDelegated(address host);

    constructor() {
        host = msg.sender;
    }

    modifier onlyDelegated() {
        if (address(this) != host) revert NotDelegated(host);
        _;
    }
}
