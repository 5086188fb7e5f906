package dev.floe.controlplane;

import java.util.List;

/**
 * A certificate is malformed: unknown scheme, a signer bit outside the committee, a signature that
 * does not recover to the signer's protocol key (also a duplicated signature), a high-s signature,
 * or a signature count that does not match the signer bitmap.
 */
public final class InvalidCertificateException extends RevertedException {
  private static final long serialVersionUID = 1L;

  public InvalidCertificateException(String reason, String errorName, List<String> arguments) {
    super(reason, errorName, arguments);
  }
}
