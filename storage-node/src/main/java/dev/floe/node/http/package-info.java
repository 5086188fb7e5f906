/**
 * The REST API on Vert.x 5 ({@link dev.floe.node.http.RestServer}): routes of walrus-protocol.md §3
 * under {@code /v1}, thin handlers (decode → service → encode) that run all CPU and RocksDB work on
 * a bounded worker pool, bounded request bodies, and the JSON envelopes with stable error codes
 * ({@link dev.floe.node.http.ErrorMapper}).
 */
package dev.floe.node.http;
