package dev.floe.controlplane;

import java.util.List;

/**
 * The sending account cannot pay: its token balance or its allowance to the contract is too small
 * ({@code InsufficientBalance}, {@code InsufficientAllowance}), or a token transfer was refused
 * ({@code TransferFailed}); or, in the chain's native currency, it holds less than it sends ({@code
 * InsufficientNativeBalance(account, balance, amount)}, in the smallest unit) or the node refused a
 * transaction whose value and fees it cannot pay ({@code InsufficientFundsForGas(account)}).
 */
public final class InsufficientFundsException extends RevertedException {
  private static final long serialVersionUID = 1L;

  public InsufficientFundsException(String reason, String errorName, List<String> arguments) {
    super(reason, errorName, arguments);
  }
}
