package dev.floe.controlplane;

/** A deployment file is missing, unreadable or does not describe a Floe deployment. */
public final class InvalidDeploymentException extends ControlPlaneException {
  private static final long serialVersionUID = 1L;

  public InvalidDeploymentException(String message) {
    super(message);
  }

  public InvalidDeploymentException(String message, Throwable cause) {
    super(message, cause);
  }
}
