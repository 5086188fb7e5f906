/**
 * The storage-node REST contract shared by the node and the client: route templates and path
 * builders ({@link dev.floe.core.protocol.Routes}, the paths of Walrus's storage-node API under
 * {@code /v1}), query parameter names, JSON field names, the success/error envelopes, the stable
 * error codes ({@link dev.floe.core.protocol.ErrorReason}) and the wire records of the JSON
 * responses. Binary bodies are BCS and use the core types directly (metadata, slivers, symbols,
 * proofs).
 *
 * <p>Plain records and constants only: this package has no JSON library. The node renders these
 * records with Vert.x's JSON support; the client parses them with its own.
 */
package dev.floe.core.protocol;
