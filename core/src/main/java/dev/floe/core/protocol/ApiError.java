package dev.floe.core.protocol;

import java.util.Objects;

/**
 * An error response: {@code {"error":{"code":<http>,"status":"<STATUS>","message":"...",
 * "details":[{"@type":"ErrorInfo","reason":"<REASON>","domain":"floe"}]}}}.
 *
 * @param httpCode the HTTP status code
 * @param status the gRPC-style status name (an {@link ApiStatus} name for Floe nodes)
 * @param message a human-readable message; never contains secrets or internal details
 * @param reason the stable machine-readable reason code (an {@link ErrorReason} name)
 * @param domain the error domain ({@link #DOMAIN} for Floe nodes)
 */
public record ApiError(int httpCode, String status, String message, String reason, String domain) {
  /** The error domain of Floe storage nodes. */
  public static final String DOMAIN = "floe";
  /** The {@code @type} of the detail entry. */
  public static final String ERROR_INFO_TYPE = "ErrorInfo";

  public ApiError {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(domain, "domain");
  }

  /** The error a Floe node sends for {@code reason}. */
  public static ApiError of(ErrorReason reason, String message) {
    return new ApiError(
        reason.status().httpCode(), reason.status().name(), message, reason.name(), DOMAIN);
  }

  /** The known reason, if this error carries one of this version's codes. */
  public java.util.Optional<ErrorReason> knownReason() {
    return ErrorReason.fromCode(reason);
  }
}
