package dev.floe.node.testing;

import dev.floe.core.blob.BlobId;
import dev.floe.core.blob.BlobMetadataWithId;
import dev.floe.core.blob.VerifiedBlobMetadata;
import dev.floe.core.encoding.EncodedBlob;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.RedStuffDecoder;
import dev.floe.core.encoding.SliverData;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.encoding.SliverVerifier;
import dev.floe.core.errors.InvalidDataException;
import dev.floe.core.messages.SignedMessage;
import dev.floe.core.protocol.JsonFields;
import dev.floe.core.protocol.Routes;
import dev.floe.node.chain.CommitteeMember;
import dev.floe.node.chain.NodeCommittee;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A minimal storage-node client for tests, built on {@code core.protocol}'s routes: uploads the
 * metadata and slivers of an encoded blob to the nodes owning each shard, collects confirmations,
 * and reads a blob back verifying every sliver against the metadata (the reader's hash checks).
 */
public final class TestClient implements AutoCloseable {
  /** A raw HTTP answer. */
  public record Response(int status, byte[] body, java.util.Map<String, List<String>> headers) {
    public Response(int status, byte[] body) {
      this(status, body, java.util.Map.of());
    }

    /** The first value of a response header (names are case-insensitive), or null. */
    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public JsonObject json() {
      return new JsonObject(text());
    }

    /** The error reason of an error envelope. */
    public String reason() {
      return json().getJsonObject(JsonFields.ERROR).getJsonArray(JsonFields.DETAILS).getJsonObject(0)
          .getString(JsonFields.REASON);
    }
  }

  /** What a read observed. */
  public record ReadResult(byte[] blob, List<String> rejectedSlivers) {}

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  public Response get(String url) {
    return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build());
  }

  public Response put(String url, byte[] body) {
    return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .header("content-type", "application/octet-stream").PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build());
  }

  public Response post(String url, byte[] body) {
    return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .header("content-type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
  }

  /** {@code POST /v1/migrate/sync_shard} with {@code authorization} (omitted when null). */
  public Response syncShard(String node, String authorization, byte[] body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node + Routes.SYNC_SHARD)).timeout(Duration.ofSeconds(30))
        .header("content-type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (authorization != null) {
      b.header("authorization", authorization);
    }
    return send(b.build());
  }

  public Response putMetadata(String node, EncodedBlob blob, boolean pending) {
    return put(node + Routes.metadata(blob.blobId()) + (pending ? "?pending=true" : ""),
        blob.metadata().metadata().toBcs());
  }

  public Response putSliver(String node, BlobId blobId, int pair, SliverType type, byte[] bcs, boolean pending) {
    return put(node + Routes.sliver(blobId, pair, type) + (pending ? "?pending=true" : ""), bcs);
  }

  /**
   * Uploads metadata and both slivers of every owned pair to each member; fails on any non-2xx.
   * Members whose URL is in {@code skip} are left out (a node that is down).
   */
  public void store(EncodedBlob blob, NodeCommittee committee, List<String> skip, boolean pending) {
    int n = committee.nShards();
    int offset = blob.blobId().rotationOffset(n);
    EncodingConfig config = blob.config();
    for (CommitteeMember m : committee.members()) {
      if (skip.contains(m.networkAddress())) {
        continue;
      }
      expect2xx(putMetadata(m.networkAddress(), blob, pending), "metadata to " + m.name());
      for (int shard : m.shards()) {
        int pair = config.pairForShard(shard, offset);
        expect2xx(putSliver(m.networkAddress(), blob.blobId(), pair, SliverType.PRIMARY, blob.pair(pair).primary().toBcs(),
            pending), "primary " + pair + " to " + m.name());
        expect2xx(putSliver(m.networkAddress(), blob.blobId(), pair, SliverType.SECONDARY,
            blob.pair(pair).secondary().toBcs(), pending), "secondary " + pair + " to " + m.name());
      }
    }
  }

  /** A permanent storage confirmation, or the error response. */
  public Response confirmation(String node, BlobId blobId) {
    return get(node + Routes.permanentConfirmation(blobId));
  }

  /** Parses a confirmation response. */
  public static SignedMessage signed(Response r) {
    JsonObject signed = r.json().getJsonObject(JsonFields.SUCCESS).getJsonObject(JsonFields.DATA)
        .getJsonObject(JsonFields.SIGNED);
    Base64.Decoder b64 = Base64.getDecoder();
    return new SignedMessage(b64.decode(signed.getString(JsonFields.SERIALIZED_MESSAGE)),
        b64.decode(signed.getString(JsonFields.SIGNATURE)));
  }

  /** Confirmations by member index from every member that gives one. */
  public Map<Integer, SignedMessage> confirmations(BlobId blobId, NodeCommittee committee) {
    Map<Integer, SignedMessage> out = new TreeMap<>();
    for (CommitteeMember m : committee.members()) {
      Response r = tryGet(m.networkAddress() + Routes.permanentConfirmation(blobId));
      if (r.status() == 200) {
        out.put(m.index(), signed(r));
      }
    }
    return out;
  }

  /**
   * Reads a blob: metadata from the first node that serves metadata verifying against the blob ID,
   * then primary slivers from their owners, each verified against the metadata (slivers failing
   * the check are rejected and recorded), decoded from n-2f verified slivers.
   */
  public ReadResult read(BlobId blobId, NodeCommittee committee) {
    return read(blobId, committee, 0);
  }

  /** {@link #read(BlobId, NodeCommittee)} asking members from {@code firstMember} on, in committee order. */
  public ReadResult read(BlobId blobId, NodeCommittee committee, int firstMember) {
    List<CommitteeMember> order = new ArrayList<>(committee.members());
    java.util.Collections.rotate(order, -firstMember);
    EncodingConfig config = new EncodingConfig(committee.nShards());
    VerifiedBlobMetadata metadata = null;
    for (CommitteeMember m : committee.members()) {
      Response r = tryGet(m.networkAddress() + Routes.metadata(blobId));
      if (r.status() == 200) {
        try {
          metadata = BlobMetadataWithId.fromBcs(r.body()).verify(config);
          if (metadata.blobId().equals(blobId)) {
            break;
          }
          metadata = null;
        } catch (InvalidDataException e) {
          metadata = null;
        }
      }
    }
    if (metadata == null) {
      throw new IllegalStateException("no node served valid metadata of " + blobId);
    }
    SliverVerifier verifier = new SliverVerifier(config, metadata);
    int offset = blobId.rotationOffset(committee.nShards());
    List<SliverData> verified = new ArrayList<>();
    List<String> rejected = new ArrayList<>();
    for (CommitteeMember m : order) {
      for (int shard : m.shards()) {
        if (verified.size() == config.primarySourceSymbols()) {
          break;
        }
        int pair = config.pairForShard(shard, offset);
        Response r = tryGet(m.networkAddress() + Routes.sliver(blobId, pair, SliverType.PRIMARY));
        if (r.status() != 200) {
          continue;
        }
        try {
          SliverData s = SliverData.fromBcs(SliverType.PRIMARY, r.body());
          verifier.verify(s, SliverType.PRIMARY, pair);
          verified.add(s);
        } catch (InvalidDataException e) {
          rejected.add(m.name() + ":" + pair + ": " + e.getClass().getSimpleName());
        }
      }
    }
    return new ReadResult(new RedStuffDecoder(config).decode(metadata, verified), rejected);
  }

  /** A GET that answers status -1 when the node cannot be reached (it is down). */
  public Response tryGet(String url) {
    try {
      return get(url);
    } catch (java.io.UncheckedIOException e) {
      return new Response(-1, new byte[0]);
    }
  }

  private Response send(HttpRequest req) {
    try {
      HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
      return new Response(r.statusCode(), r.body(), r.headers().map());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(req.method() + " " + req.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void expect2xx(Response r, String what) {
    if (r.status() / 100 != 2) {
      throw new AssertionError("upload of " + what + " answered " + r.status() + ": " + r.text());
    }
  }

  @Override
  public void close() {
    http.close();
  }
}
