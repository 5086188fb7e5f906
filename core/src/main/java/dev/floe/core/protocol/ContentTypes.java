package dev.floe.core.protocol;

/** Content types of the storage-node API. */
public final class ContentTypes {
  /** BCS bodies. */
  public static final String OCTET_STREAM = "application/octet-stream";
  /** JSON envelopes. */
  public static final String JSON = "application/json";

  private ContentTypes() {}
}
