package dev.floe.controlplane;

import java.util.List;

/**
 * A certificate's signers do not hold enough shards: a quorum ({@code 3w >= 2n+1}) for
 * certification, validity ({@code 3w >= n+1}) for invalidation.
 */
public final class InsufficientQuorumException extends RevertedException {
  private static final long serialVersionUID = 1L;

  private final long weight;
  private final long required;

  public InsufficientQuorumException(String reason, String errorName, List<String> arguments) {
    super(reason, errorName, arguments);
    this.weight = arguments.size() > 0 ? Long.parseLong(arguments.get(0)) : -1;
    this.required = arguments.size() > 1 ? Long.parseLong(arguments.get(1)) : -1;
  }

  /** Shards the valid signers hold. */
  public long weight() {
    return weight;
  }

  /** The smallest weight that would have been accepted. */
  public long required() {
    return required;
  }
}
