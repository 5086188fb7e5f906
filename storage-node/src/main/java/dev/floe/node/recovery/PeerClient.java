package dev.floe.node.recovery;

import dev.floe.core.blob.BlobId;
import dev.floe.core.blob.BlobMetadataWithId;
import dev.floe.core.blob.VerifiedBlobMetadata;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.messages.SignedMessage;
import dev.floe.core.protocol.ContentTypes;
import dev.floe.core.protocol.JsonFields;
import dev.floe.core.protocol.QueryParams;
import dev.floe.core.protocol.Routes;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Talks to peer storage nodes over their REST API (blocking; run on recovery threads). Every
 * response is verified by the caller; this class only transports and counts the bytes received.
 */
public final class PeerClient implements AutoCloseable {
  private final HttpClient http;
  private final Duration timeout;
  private final long maxResponseBytes;
  private final AtomicLong bytesReceived = new AtomicLong();

  /**
   * A client whose requests time out after {@code timeout} and whose answers may hold at most
   * {@code maxResponseBytes} (a peer sending more is cut off, so it cannot exhaust memory).
   */
  public PeerClient(Duration timeout, long maxResponseBytes) {
    if (maxResponseBytes < 1) {
      throw new IllegalArgumentException("maxResponseBytes must be positive, got " + maxResponseBytes);
    }
    this.timeout = timeout;
    this.maxResponseBytes = maxResponseBytes;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
  }

  /**
   * The largest answer a legitimate peer sends for blobs of at most {@code maxBlobSize} bytes: a
   * recovery symbol (with its Merkle proof) from every sliver of one axis, which bounds metadata
   * and attestations as well; at least 1 MiB.
   */
  public static long maxResponseBytes(EncodingConfig config, long maxBlobSize) {
    int n = config.nShards();
    int symbolSize = config.symbolSize(Math.min(maxBlobSize, config.maxBlobSize()));
    int depth = 33 - Integer.numberOfLeadingZeros(Math.max(n - 1, 1));
    long perSymbol = symbolSize + 64L + 33L * (depth + 1);
    return Math.max(1L << 20, n * perSymbol + 4096);
  }

  /** A failed peer request (unreachable, non-2xx, malformed answer). */
  public static final class PeerException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String reason;

    PeerException(String message, int status, Throwable cause) {
      this(message, status, cause, "");
    }

    PeerException(String message, int status, Throwable cause, String reason) {
      super(message, cause);
      this.status = status;
      this.reason = reason;
    }

    /** The HTTP status, or -1 if the request did not complete. */
    public int status() {
      return status;
    }

    /** The error reason of the peer's error answer ({@code error.details[0].reason}), or "" if none. */
    public String reason() {
      return reason;
    }
  }

  /** The blob's metadata from {@code peerUrl}, verified against the blob ID. */
  public VerifiedBlobMetadata metadata(String peerUrl, BlobId blobId, EncodingConfig config) throws PeerException {
    byte[] body = get(peerUrl + Routes.metadata(blobId));
    try {
      BlobMetadataWithId m = BlobMetadataWithId.fromBcs(body);
      if (!m.blobId().equals(blobId)) {
        throw new PeerException("peer " + peerUrl + " sent metadata of another blob", 200, null);
      }
      return m.verify(config);
    } catch (RuntimeException e) {
      throw new PeerException("peer " + peerUrl + " sent invalid metadata: " + e.getMessage(), 200, e);
    }
  }

  /**
   * Recovery symbols by ID ({@code P-S} strings) proven against the source sliver of {@code proofAxis}:
   * the raw BCS {@code Vec<GeneralRecoverySymbol>}.
   */
  public byte[] recoverySymbols(String peerUrl, BlobId blobId, List<String> symbolIds, SliverType proofAxis)
      throws PeerException {
    StringJoiner q = new StringJoiner("&", "?", "");
    for (String id : symbolIds) {
      q.add(QueryParams.SYMBOL_ID + "=" + id);
    }
    q.add(QueryParams.PROOF_AXIS + "=" + Routes.sliverTypeName(proofAxis));
    return get(peerUrl + Routes.recoverySymbols(blobId) + q);
  }

  /** Posts an inconsistency proof; returns the peer's signed {@code InvalidBlobId} attestation. */
  public SignedMessage inconsistencyProof(String peerUrl, BlobId blobId, SliverType type, byte[] proofBcs)
      throws PeerException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(peerUrl + Routes.inconsistencyProof(blobId, type)))
        .timeout(timeout)
        .header("content-type", ContentTypes.OCTET_STREAM)
        .POST(HttpRequest.BodyPublishers.ofByteArray(proofBcs))
        .build();
    return attestation(peerUrl, send(req));
  }

  /**
   * Asks the peer to attest that a member failed its storage challenge: posts the BCS {@code
   * ChallengeFailureMessage} to {@code /v1/challenges/attest}; returns the peer's signed
   * attestation. The peer challenges the member itself first, so the request may take up to {@code
   * timeout}. A peer whose own challenge passed answers 409 ({@link PeerException#status()}).
   */
  public SignedMessage challengeAttestation(String peerUrl, byte[] messageBcs, Duration timeout) throws PeerException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(peerUrl + dev.floe.node.challenge.ChallengeAttestService.ROUTE))
        .timeout(timeout)
        .header("content-type", ContentTypes.OCTET_STREAM)
        .POST(HttpRequest.BodyPublishers.ofByteArray(messageBcs))
        .build();
    return attestation(peerUrl, send(req));
  }

  private static SignedMessage attestation(String peerUrl, byte[] body) throws PeerException {
    try {
      JsonObject data = new JsonObject(new String(body, java.nio.charset.StandardCharsets.UTF_8))
          .getJsonObject(JsonFields.SUCCESS).getJsonObject(JsonFields.DATA);
      Base64.Decoder b64 = Base64.getDecoder();
      return new SignedMessage(b64.decode(data.getString(JsonFields.SERIALIZED_MESSAGE)),
          b64.decode(data.getString(JsonFields.SIGNATURE)));
    } catch (RuntimeException e) {
      throw new PeerException("peer " + peerUrl + " sent a malformed attestation", 200, e);
    }
  }

  /**
   * Posts a signed sync shard request to the shard's previous owner; returns the raw BCS {@code
   * SyncShardResponse} (at most {@code maxAnswerBytes}).
   *
   * @param publicKeyHex the requester's protocol public key, sent as the {@code Authorization} header
   */
  public byte[] syncShard(String peerUrl, String publicKeyHex, byte[] signedRequestBcs, long maxAnswerBytes)
      throws PeerException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(peerUrl + Routes.SYNC_SHARD))
        .timeout(timeout)
        .header("content-type", ContentTypes.OCTET_STREAM)
        .header("authorization", publicKeyHex)
        .POST(HttpRequest.BodyPublishers.ofByteArray(signedRequestBcs))
        .build();
    return send(req, maxAnswerBytes);
  }

  /** Bytes received from peers so far. */
  public long bytesReceived() {
    return bytesReceived.get();
  }

  private byte[] get(String url) throws PeerException {
    HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
    return send(req);
  }

  private byte[] send(HttpRequest req) throws PeerException {
    return send(req, maxResponseBytes);
  }

  private byte[] send(HttpRequest req, long limit) throws PeerException {
    HttpResponse<java.io.InputStream> resp;
    try {
      resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new PeerException(req.method() + " " + req.uri().getPath() + " failed: " + e, -1, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PeerException("interrupted", -1, e);
    }
    byte[] body = readBounded(req, resp, limit);
    if (resp.statusCode() / 100 != 2) {
      String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
      throw new PeerException(req.method() + " " + req.uri() + " answered " + resp.statusCode() + ": "
          + abbreviate(text), resp.statusCode(), null, reasonOf(text));
    }
    return body;
  }

  /** Reads the body, refusing (and hanging up on) a peer that declares or sends more than the limit. */
  private byte[] readBounded(HttpRequest req, HttpResponse<java.io.InputStream> resp, long limit)
      throws PeerException {
    try (java.io.InputStream in = resp.body()) {
      long declared = resp.headers().firstValueAsLong("content-length").orElse(-1);
      if (declared > limit) {
        throw tooLarge(req, resp.statusCode(), limit);
      }
      java.io.ByteArrayOutputStream out =
          new java.io.ByteArrayOutputStream((int) Math.min(Math.max(declared, 0), limit));
      byte[] buf = new byte[64 * 1024];
      long total = 0;
      for (int r; (r = in.read(buf)) >= 0; ) {
        total += r;
        bytesReceived.addAndGet(r);
        if (total > limit) {
          throw tooLarge(req, resp.statusCode(), limit);
        }
        out.write(buf, 0, r);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new PeerException(req.method() + " " + req.uri().getPath() + " failed reading the answer: " + e,
          resp.statusCode(), e);
    }
  }

  private PeerException tooLarge(HttpRequest req, int status, long limit) {
    return new PeerException(req.method() + " " + req.uri().getPath() + ": the peer answered more than "
        + limit + " bytes", status, null);
  }

  /** The reason of an error envelope, or "" when the text is not one. */
  private static String reasonOf(String text) {
    try {
      String reason = new JsonObject(text).getJsonObject(JsonFields.ERROR).getJsonArray(JsonFields.DETAILS)
          .getJsonObject(0).getString(JsonFields.REASON);
      return reason == null ? "" : reason;
    } catch (RuntimeException e) {
      return "";
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 197) + "...";
  }

  @Override
  public void close() {
    http.close();
  }
}
