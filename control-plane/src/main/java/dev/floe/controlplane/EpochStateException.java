package dev.floe.controlplane;

import java.util.List;

/**
 * The operation is not possible at this point of the epoch clock: a transition called too early
 * ({@code TooEarly}) or in the wrong phase ({@code WrongEpochState}), a withdrawal before its
 * epoch, storage bought before the first committee exists ({@code NoCommittee}), a committee
 * selection without candidates ({@code NoCandidates}), or the challenge seed of an epoch that has
 * not started ({@code EpochNotStarted}).
 */
public final class EpochStateException extends RevertedException {
  private static final long serialVersionUID = 1L;

  public EpochStateException(String reason, String errorName, List<String> arguments) {
    super(reason, errorName, arguments);
  }
}
