package dev.floe.controlplane;

import java.util.List;

/**
 * The object is not in a state that allows the operation: the node or protocol key is already
 * registered (or the registry is full), the reservation is already in use, the blob is not
 * certified or not deletable, the withdrawal was already requested, not requested or paid, the
 * faucet is disabled, or the contracts are not (or already) linked.
 */
public final class StateConflictException extends RevertedException {
  private static final long serialVersionUID = 1L;

  public StateConflictException(String reason, String errorName, List<String> arguments) {
    super(reason, errorName, arguments);
  }
}
