package dev.floe.client;

import java.time.Duration;

/**
 * How the SDK talks to storage nodes: bounds on concurrency and memory, and timeouts. Immutable and
 * validated; build one with {@link #builder()} (defaults are the {@code DEFAULT_*} constants).
 *
 * <p>Uploads are bounded by {@link #maxConcurrentRequests()} HTTP requests overall, {@link
 * #maxRequestsPerNode()} per node (so one slow node cannot take every slot) and {@link
 * #maxBytesInFlight()} bytes of sliver bodies being sent. Reads start {@code n-2f} sliver requests
 * (at most {@link #maxConcurrentRequests()}), replace every failed or lying node with another one and
 * hedge a request that takes longer than {@link #hedgeDelay()} with a request to a further node.
 *
 * @param maxConcurrentRequests HTTP requests in flight overall (upload and read)
 * @param maxRequestsPerNode HTTP requests in flight to one node
 * @param maxBytesInFlight bytes of request bodies being uploaded at once
 * @param connectTimeout TCP connect timeout to a node
 * @param requestTimeout time limit of one node request (one sliver, metadata or confirmation): for
 *     its answer's headers, and again for the rest of its body (a node that stalls mid-answer fails)
 * @param confirmationTimeout time limit for collecting a quorum of confirmations after the upload
 * @param extraConfirmationWait after a quorum is reached, how long to wait for the remaining nodes
 *     before certifying (the rest recover their slivers after certification)
 * @param hedgeDelay a read request slower than this gets a parallel request to another node
 * @param encoderThreads threads used by the Red Stuff encoder and decoder (0 = available processors)
 * @param inMemoryEncodingLimit blobs up to this size are encoded once with every sliver in memory
 *     (about 4.5 times the blob); larger ones are encoded twice, first for the blob ID and then
 *     streamed to the nodes, holding about 2.5 times the blob plus {@link #maxBytesInFlight()}
 */
public record ClientConfig(
    int maxConcurrentRequests,
    int maxRequestsPerNode,
    long maxBytesInFlight,
    Duration connectTimeout,
    Duration requestTimeout,
    Duration confirmationTimeout,
    Duration extraConfirmationWait,
    Duration hedgeDelay,
    int encoderThreads,
    long inMemoryEncodingLimit) {

  public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 64;
  public static final int DEFAULT_MAX_REQUESTS_PER_NODE = 16;
  public static final long DEFAULT_MAX_BYTES_IN_FLIGHT = 128L << 20;
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_CONFIRMATION_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_EXTRA_CONFIRMATION_WAIT = Duration.ofMillis(500);
  public static final Duration DEFAULT_HEDGE_DELAY = Duration.ofSeconds(5);
  public static final long DEFAULT_IN_MEMORY_ENCODING_LIMIT = 64L << 20;

  public ClientConfig {
    checkPositive(maxConcurrentRequests, "maxConcurrentRequests");
    checkPositive(maxRequestsPerNode, "maxRequestsPerNode");
    if (maxBytesInFlight < 1024) {
      throw new IllegalArgumentException("maxBytesInFlight must be at least 1024, got " + maxBytesInFlight);
    }
    checkDuration(connectTimeout, "connectTimeout");
    checkDuration(requestTimeout, "requestTimeout");
    checkDuration(confirmationTimeout, "confirmationTimeout");
    checkDuration(hedgeDelay, "hedgeDelay");
    if (extraConfirmationWait == null || extraConfirmationWait.isNegative()) {
      throw new IllegalArgumentException("extraConfirmationWait must be zero or positive");
    }
    if (inMemoryEncodingLimit < 0) {
      throw new IllegalArgumentException("inMemoryEncodingLimit must be >= 0, got " + inMemoryEncodingLimit);
    }
    if (encoderThreads < 0) {
      throw new IllegalArgumentException("encoderThreads must be >= 0, got " + encoderThreads);
    }
  }

  /** The defaults. */
  public static ClientConfig defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    return new Builder()
        .maxConcurrentRequests(maxConcurrentRequests)
        .maxRequestsPerNode(maxRequestsPerNode)
        .maxBytesInFlight(maxBytesInFlight)
        .connectTimeout(connectTimeout)
        .requestTimeout(requestTimeout)
        .confirmationTimeout(confirmationTimeout)
        .extraConfirmationWait(extraConfirmationWait)
        .hedgeDelay(hedgeDelay)
        .encoderThreads(encoderThreads)
        .inMemoryEncodingLimit(inMemoryEncodingLimit);
  }

  /** The encoder/decoder thread count with 0 resolved to the available processors. */
  public int effectiveEncoderThreads() {
    return encoderThreads == 0 ? Runtime.getRuntime().availableProcessors() : encoderThreads;
  }

  private static void checkPositive(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + value);
    }
  }

  private static void checkDuration(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
    }
  }

  /** Mutable builder for {@link ClientConfig}. */
  public static final class Builder {
    private int maxConcurrentRequests = DEFAULT_MAX_CONCURRENT_REQUESTS;
    private int maxRequestsPerNode = DEFAULT_MAX_REQUESTS_PER_NODE;
    private long maxBytesInFlight = DEFAULT_MAX_BYTES_IN_FLIGHT;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private Duration confirmationTimeout = DEFAULT_CONFIRMATION_TIMEOUT;
    private Duration extraConfirmationWait = DEFAULT_EXTRA_CONFIRMATION_WAIT;
    private Duration hedgeDelay = DEFAULT_HEDGE_DELAY;
    private int encoderThreads;
    private long inMemoryEncodingLimit = DEFAULT_IN_MEMORY_ENCODING_LIMIT;

    private Builder() {}

    public Builder maxConcurrentRequests(int value) {
      this.maxConcurrentRequests = value;
      return this;
    }

    public Builder maxRequestsPerNode(int value) {
      this.maxRequestsPerNode = value;
      return this;
    }

    public Builder maxBytesInFlight(long value) {
      this.maxBytesInFlight = value;
      return this;
    }

    public Builder connectTimeout(Duration value) {
      this.connectTimeout = value;
      return this;
    }

    public Builder requestTimeout(Duration value) {
      this.requestTimeout = value;
      return this;
    }

    public Builder confirmationTimeout(Duration value) {
      this.confirmationTimeout = value;
      return this;
    }

    public Builder extraConfirmationWait(Duration value) {
      this.extraConfirmationWait = value;
      return this;
    }

    public Builder hedgeDelay(Duration value) {
      this.hedgeDelay = value;
      return this;
    }

    public Builder encoderThreads(int value) {
      this.encoderThreads = value;
      return this;
    }

    public Builder inMemoryEncodingLimit(long value) {
      this.inMemoryEncodingLimit = value;
      return this;
    }

    public ClientConfig build() {
      return new ClientConfig(
          maxConcurrentRequests,
          maxRequestsPerNode,
          maxBytesInFlight,
          connectTimeout,
          requestTimeout,
          confirmationTimeout,
          extraConfirmationWait,
          hedgeDelay,
          encoderThreads,
          inMemoryEncodingLimit);
    }
  }
}
