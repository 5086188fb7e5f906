package dev.floe.controlplane;

import java.util.List;

/**
 * The contract refused the arguments themselves: a blob ID that does not match its size and root,
 * a blob too large for the shard count or its reservation, an unsupported encoding type, a zero
 * size or amount, an epoch count out of range, a malformed node key, proof of possession, name or
 * commission, a faucet request over the limit. Retrying the same call cannot succeed.
 */
public final class InvalidRequestException extends RevertedException {
  private static final long serialVersionUID = 1L;

  public InvalidRequestException(String reason, String errorName, List<String> arguments) {
    super(reason, errorName, arguments);
  }
}
