package dev.floe.controlplane;

import java.util.List;

/** The blob object is already certified; certify it only once (extend it instead). */
public final class BlobAlreadyCertifiedException extends RevertedException {
  private static final long serialVersionUID = 1L;

  public BlobAlreadyCertifiedException(String reason, String errorName, List<String> arguments) {
    super(reason, errorName, arguments);
  }
}
