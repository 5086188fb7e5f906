/**
 * Blob identity and metadata: blob IDs, the sliver-pair commitments of a blob and their
 * verification against the blob ID.
 */
package dev.floe.core.blob;
