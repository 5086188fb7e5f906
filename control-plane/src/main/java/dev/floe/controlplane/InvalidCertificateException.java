package dev.floe.controlplane;

import java.util.List;

/**
 * A certificate is malformed: unknown scheme, a signer bit outside the committee, a signature that
 * does not recover to the signer's protocol key (also a duplicated signature), a high-s signature,
 * a signature count that does not match the signer bitmap, or a signed message that is not the one
 * the operation needs (wrong intent, version, app ID or length, another blob ID, another
 * persistence or object ID, non-zero padding before a node ID).
 */
public final class InvalidCertificateException extends RevertedException {
  private static final long serialVersionUID = 1L;

  public InvalidCertificateException(String reason, String errorName, List<String> arguments) {
    super(reason, errorName, arguments);
  }
}
