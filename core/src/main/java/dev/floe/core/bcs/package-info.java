/**
 * Binary Canonical Serialization, the wire format of Walrus metadata, slivers and messages: a
 * writer and a strict reader that rejects every malformed or non-canonical input with {@link
 * dev.floe.core.errors.BcsException}.
 */
package dev.floe.core.bcs;
