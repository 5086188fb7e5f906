package dev.floe.node.challenge;

import dev.floe.core.protocol.ApiError;

/**
 * The attest endpoint's refusal with reasons of its own: {@code CHALLENGE_PASSED} (409, the member
 * passed this node's own challenge) and {@code NOT_COMMITTEE_MEMBER} (400, the message names no
 * member of the current committee). Other refusals use the node's common reasons.
 */
public final class ChallengeRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** The member passed this node's own challenge of the epoch. */
  public static final String CHALLENGE_PASSED = "CHALLENGE_PASSED";
  /** The message names no member of the current committee. */
  public static final String NOT_COMMITTEE_MEMBER = "NOT_COMMITTEE_MEMBER";

  private final transient ApiError error;

  private ChallengeRefusedException(ApiError error) {
    super(error.message());
    this.error = error;
  }

  /** 409 {@code CHALLENGE_PASSED}. */
  static ChallengeRefusedException passed(String message) {
    return new ChallengeRefusedException(new ApiError(409, "ABORTED", message, CHALLENGE_PASSED, ApiError.DOMAIN));
  }

  /** 400 {@code NOT_COMMITTEE_MEMBER}. */
  static ChallengeRefusedException notMember(String message) {
    return new ChallengeRefusedException(
        new ApiError(400, "FAILED_PRECONDITION", message, NOT_COMMITTEE_MEMBER, ApiError.DOMAIN));
  }

  /** The error answered. */
  public ApiError error() {
    return error;
  }
}
