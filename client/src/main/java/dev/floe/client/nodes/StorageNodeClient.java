package dev.floe.client.nodes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.core.blob.BlobId;
import dev.floe.core.blob.BlobMetadata;
import dev.floe.core.blob.BlobMetadataWithId;
import dev.floe.core.encoding.GeneralRecoverySymbol;
import dev.floe.core.encoding.SliverData;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.encoding.SymbolId;
import dev.floe.core.errors.InvalidDataException;
import dev.floe.core.protocol.JsonFields;
import dev.floe.core.protocol.QueryParams;
import dev.floe.core.protocol.Routes;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.Optional;

/**
 * Typed, blocking client of one storage node's REST API (walrus-protocol.md §3), over a shared
 * {@link NodeTransport}; call it from virtual threads. Every failure is a {@link
 * NodeRequestException} naming the node. Nothing a node returns is trusted here: callers verify
 * metadata against the blob ID and slivers against the metadata. Thread-safe.
 */
public final class StorageNodeClient {
  private final String name;
  private final URI base;
  private final NodeTransport transport;

  /**
   * A client of the node called {@code name} at {@code networkAddress} ({@code http://host:port}, or
   * {@code host:port} meaning HTTP).
   */
  public StorageNodeClient(String name, String networkAddress, NodeTransport transport) {
    this.name = name;
    this.base = baseUri(networkAddress);
    this.transport = transport;
  }

  /** Parses a node's network address into its base URI; bare {@code host:port} means HTTP. */
  public static URI baseUri(String networkAddress) {
    if (networkAddress == null || networkAddress.isBlank()) {
      throw new InvalidDataException("node network address is empty");
    }
    String text = networkAddress.strip();
    if (!text.toLowerCase(Locale.ROOT).startsWith("http://") && !text.toLowerCase(Locale.ROOT).startsWith("https://")) {
      text = "http://" + text;
    }
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    try {
      URI uri = URI.create(text);
      if (uri.getHost() == null) {
        throw new InvalidDataException("node network address has no host: '" + networkAddress + "'");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new InvalidDataException("node network address is not a URL: '" + networkAddress + "'", e);
    }
  }

  /** The node's name (used in messages). */
  public String name() {
    return name;
  }

  /** The node's base URI. */
  public URI baseUri() {
    return base;
  }

  /** {@code PUT /v1/blobs/{id}/metadata}; returns the HTTP status (201 stored, 200 already stored). */
  public int putMetadata(BlobId blobId, BlobMetadata metadata) {
    return transport.putBytes(name, uri(Routes.metadata(blobId), null), metadata.toBcs());
  }

  /** {@code PUT /v1/blobs/{id}/slivers/{pair}/{type}} with a BCS {@code SliverData} body. */
  public int putSliver(BlobId blobId, int pairIndex, SliverType type, byte[] sliverBcs) {
    return transport.putBytes(name, uri(Routes.sliver(blobId, pairIndex, type), null), sliverBcs);
  }

  /** {@code GET /v1/blobs/{id}/metadata}, decoded but not verified. */
  public BlobMetadataWithId getMetadata(BlobId blobId) {
    return getMetadata(blobId, NodeTransport.DEFAULT_MAX_BODY_BYTES);
  }

  /**
   * {@code GET /v1/blobs/{id}/metadata}, decoded but not verified; a body over {@code maxBytes} is
   * refused without being read.
   */
  public BlobMetadataWithId getMetadata(BlobId blobId, long maxBytes) {
    byte[] body = transport.getBytes(name, uri(Routes.metadata(blobId), null), maxBytes);
    try {
      return BlobMetadataWithId.fromBcs(body);
    } catch (InvalidDataException e) {
      throw new NodeRequestException(name, 200, "MALFORMED_BCS", "metadata of " + blobId + " is malformed: " + e.getMessage());
    }
  }

  /** {@code GET /v1/blobs/{id}/slivers/{pair}/{type}}, decoded but not verified. */
  public SliverData getSliver(BlobId blobId, int pairIndex, SliverType type) {
    return getSliver(blobId, pairIndex, type, NodeTransport.DEFAULT_MAX_BODY_BYTES);
  }

  /**
   * {@code GET /v1/blobs/{id}/slivers/{pair}/{type}}, decoded but not verified; a body over {@code
   * maxBytes} (e.g. the BCS size of the sliver the metadata imply) is refused without being read.
   */
  public SliverData getSliver(BlobId blobId, int pairIndex, SliverType type, long maxBytes) {
    byte[] body = transport.getBytes(name, uri(Routes.sliver(blobId, pairIndex, type), null), maxBytes);
    try {
      return SliverData.fromBcs(type, body);
    } catch (InvalidDataException e) {
      throw new NodeRequestException(
          name, 200, "MALFORMED_BCS", type + " sliver of pair " + pairIndex + " is malformed: " + e.getMessage());
    }
  }

  /**
   * {@code GET /v1/blobs/{id}/recoverySymbols?id=P-S&...&proofAxis=...}: the symbols with the given
   * IDs, each with a Merkle proof against its source sliver of {@code proofAxis}; decoded but not
   * verified. A body over {@code maxBytes} is refused without being read.
   */
  public List<GeneralRecoverySymbol> getRecoverySymbols(
      BlobId blobId, List<SymbolId> ids, SliverType proofAxis, long maxBytes) {
    StringJoiner query = new StringJoiner("&");
    for (SymbolId id : ids) {
      query.add(QueryParams.SYMBOL_ID + "=" + id);
    }
    query.add(QueryParams.PROOF_AXIS + "=" + Routes.sliverTypeName(proofAxis));
    byte[] body = transport.getBytes(name, uri(Routes.recoverySymbols(blobId), query.toString()), maxBytes);
    try {
      return GeneralRecoverySymbol.listFromBcs(body);
    } catch (InvalidDataException e) {
      throw new NodeRequestException(name, 200, "MALFORMED_BCS", "recovery symbols are malformed: " + e.getMessage());
    }
  }

  /**
   * {@code GET /v1/blobs/{id}/confirmation/permanent} or {@code .../deletable/{objectId}}, waiting up
   * to {@code wait} for the node to see the registration; returns the signed message unverified.
   */
  public SignedConfirmation getConfirmation(BlobId blobId, Optional<byte[]> deletableObjectId, Duration wait) {
    String path = deletableObjectId.map(o -> Routes.deletableConfirmation(blobId, o)).orElse(Routes.permanentConfirmation(blobId));
    String query = QueryParams.WAIT_FOR_REGISTRATION + "=true&" + QueryParams.WAIT_MILLIS + "=" + wait.toMillis();
    JsonNode data = transport.getJsonData(name, uri(path, query), wait.plus(transport.requestTimeout()));
    JsonNode signed = data.path(JsonFields.SIGNED);
    try {
      byte[] message = Base64.getDecoder().decode(signed.path(JsonFields.SERIALIZED_MESSAGE).asText(""));
      byte[] signature = Base64.getDecoder().decode(signed.path(JsonFields.SIGNATURE).asText(""));
      if (message.length == 0 || signature.length == 0) {
        throw new NodeRequestException(name, 200, "BAD_RESPONSE", "confirmation lacks the signed message or signature");
      }
      return new SignedConfirmation(message, signature);
    } catch (IllegalArgumentException e) {
      throw new NodeRequestException(name, 200, "BAD_RESPONSE", "confirmation is not base64: " + e.getMessage());
    }
  }

  /** {@code GET /v1/health} as raw JSON data. */
  public JsonNode health() {
    return transport.getJsonData(name, uri(Routes.HEALTH, null), transport.requestTimeout());
  }

  private URI uri(String path, String query) {
    return URI.create(base.toString() + (query == null ? path : path + "?" + query));
  }

  /**
   * A storage confirmation as a node sent it: the BCS message and its 65-byte signature.
   *
   * @param message the serialized message
   * @param signature the signature
   */
  public record SignedConfirmation(byte[] message, byte[] signature) {
    public SignedConfirmation {
      message = message.clone();
      signature = signature.clone();
    }

    @Override
    public byte[] message() {
      return message.clone();
    }

    @Override
    public byte[] signature() {
      return signature.clone();
    }
  }
}
