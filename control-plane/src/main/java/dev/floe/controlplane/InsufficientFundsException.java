package dev.floe.controlplane;

import java.util.List;

/**
 * The sending account cannot pay: its token balance or its allowance to the contract is too small
 * ({@code InsufficientBalance}, {@code InsufficientAllowance}), or a token transfer was refused
 * ({@code TransferFailed}).
 */
public final class InsufficientFundsException extends RevertedException {
  private static final long serialVersionUID = 1L;

  public InsufficientFundsException(String reason, String errorName, List<String> arguments) {
    super(reason, errorName, arguments);
  }
}
