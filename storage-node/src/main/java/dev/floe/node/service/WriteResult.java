package dev.floe.node.service;

/** What an upload did: HTTP 201, 200 or 202. */
public enum WriteResult {
  /** Newly stored (201). */
  STORED(201, "stored"),
  /** Already stored before; nothing changed (200). A retried PUT lands here. */
  ALREADY_STORED(200, "already stored"),
  /** Buffered until the registration is seen (202). */
  BUFFERED(202, "buffered until the registration is seen");

  private final int httpCode;
  private final String description;

  WriteResult(int httpCode, String description) {
    this.httpCode = httpCode;
    this.description = description;
  }

  /** The HTTP status of the response. */
  public int httpCode() {
    return httpCode;
  }

  /** A short description for the JSON body. */
  public String description() {
    return description;
  }
}
