package dev.floe.controlplane;

import java.util.List;

/**
 * The sending account may not do this (not the owner, not the node operator, not in the committee,
 * not the linked contract), or the node the call names is not in the committee ({@code
 * NotInCommittee}, also for a storage-challenge failure report naming a non-member).
 */
public final class UnauthorizedException extends RevertedException {
  private static final long serialVersionUID = 1L;

  public UnauthorizedException(String reason, String errorName, List<String> arguments) {
    super(reason, errorName, arguments);
  }
}
