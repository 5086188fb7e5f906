/**
 * The upload half of a store: {@link dev.floe.client.upload.BlobUploader} runs one uploader per
 * committee member (metadata, then its sliver pairs, then its signed confirmation), bounded by a
 * {@link dev.floe.client.upload.TransferLimiter} (requests overall, per node, and bytes in flight),
 * and a {@link dev.floe.client.upload.ConfirmationCollector} that verifies each confirmation and
 * builds the certificate once a quorum of shard weight confirmed.
 */
package dev.floe.client.upload;
