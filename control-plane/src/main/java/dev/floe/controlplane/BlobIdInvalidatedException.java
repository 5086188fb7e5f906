package dev.floe.controlplane;

import java.util.List;

/**
 * The blob ID was declared invalid (its encoding is inconsistent): it can no longer be registered,
 * certified or extended.
 */
public final class BlobIdInvalidatedException extends RevertedException {
  private static final long serialVersionUID = 1L;

  public BlobIdInvalidatedException(String reason, String errorName, List<String> arguments) {
    super(reason, errorName, arguments);
  }
}
