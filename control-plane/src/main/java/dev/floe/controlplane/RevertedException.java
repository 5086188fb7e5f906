package dev.floe.controlplane;

import java.util.List;

/**
 * The contract refused a transaction or call. Raised the same way whether the node rejected the
 * transaction at estimation or send time (the JSON-RPC error style of most nodes) or mined it with
 * a failed status (anvil's style).
 *
 * <p>{@link #errorName()} is the Solidity custom error (for example {@code BlobIdMismatch}),
 * {@code Error} for a {@code require}/{@code revert} string, {@code Panic} for an assertion or
 * arithmetic failure, or {@code Unknown} when the node gave no revert data. {@link #arguments()}
 * holds the decoded error arguments as text (hex for bytes, decimal for integers).
 */
public class RevertedException extends ControlPlaneException {
  private static final long serialVersionUID = 1L;

  private final String reason;
  private final String errorName;
  private final List<String> arguments;

  public RevertedException(String reason, String errorName, List<String> arguments) {
    super("reverted: " + reason);
    this.reason = reason;
    this.errorName = errorName;
    this.arguments = List.copyOf(arguments);
  }

  /** A readable reason, for example {@code BlobIdMismatch(0x12.., 0x34..)}. */
  public String reason() {
    return reason;
  }

  /** The custom error's name, {@code Error}, {@code Panic} or {@code Unknown}. */
  public String errorName() {
    return errorName;
  }

  /** The decoded error arguments as text. */
  public List<String> arguments() {
    return arguments;
  }
}
