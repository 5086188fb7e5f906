// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {IERC20} from "./interfaces/IERC20.sol";

/// @title FLOE, the ERC-20 token for stake and storage payments (9 decimals, like WAL).
/// @notice The owner may mint. On localnets the faucet lets anyone mint a bounded amount per call.
contract FloeToken is IERC20 {
    string public constant name = "Floe";
    string public constant symbol = "FLOE";
    uint8 public constant decimals = 9;
    /// Most a single faucet call mints: one million tokens.
    uint256 public constant FAUCET_LIMIT = 1_000_000 * 1e9;

    address public immutable owner;
    bool public immutable faucetEnabled;
    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    error NotOwner(address caller);
    error InsufficientBalance(address account, uint256 balance, uint256 needed);
    error InsufficientAllowance(address spender, uint256 allowance, uint256 needed);
    error InvalidReceiver(address receiver);
    error FaucetDisabled();
    error FaucetLimitExceeded(uint256 requested, uint256 limit);

    constructor(uint256 initialSupply, bool faucetEnabled_) {
        owner = msg.sender;
        faucetEnabled = faucetEnabled_;
        _mint(msg.sender, initialSupply);
    }

    function transfer(address to, uint256 value) external returns (bool) {
        _transfer(msg.sender, to, value);
        return true;
    }

    function approve(address spender, uint256 value) external returns (bool) {
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        uint256 allowed = allowance[from][msg.sender];
        if (allowed != type(uint256).max) {
            if (allowed < value) revert InsufficientAllowance(msg.sender, allowed, value);
            allowance[from][msg.sender] = allowed - value;
        }
        _transfer(from, to, value);
        return true;
    }

    /// @notice Mints `value` to `to`; owner only.
    function mint(address to, uint256 value) external {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        _mint(to, value);
    }

    /// @notice Mints up to FAUCET_LIMIT to the caller when the faucet is enabled (localnets).
    function faucet(uint256 value) external {
        if (!faucetEnabled) revert FaucetDisabled();
        if (value > FAUCET_LIMIT) revert FaucetLimitExceeded(value, FAUCET_LIMIT);
        _mint(msg.sender, value);
    }

    function _transfer(address from, address to, uint256 value) private {
        if (to == address(0)) revert InvalidReceiver(to);
        uint256 balance = balanceOf[from];
        if (balance < value) revert InsufficientBalance(from, balance, value);
        unchecked {
            balanceOf[from] = balance - value;
        }
        balanceOf[to] += value;
        emit Transfer(from, to, value);
    }

    function _mint(address to, uint256 value) private {
        if (to == address(0)) revert InvalidReceiver(to);
        totalSupply += value;
        balanceOf[to] += value;
        emit Transfer(address(0), to, value);
    }
}
