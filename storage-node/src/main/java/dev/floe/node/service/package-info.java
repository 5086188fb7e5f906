/**
 * The node's request logic, independent of HTTP: checks writes against chain state, verifies
 * metadata and slivers with core, stores them, buffers pending uploads, signs confirmations, and
 * produces recovery symbols. Handlers in {@code dev.floe.node.http} call these services off the
 * event loop; failures are {@link dev.floe.node.service.NodeException}s carrying a stable {@code
 * ErrorReason}.
 */
package dev.floe.node.service;
