package dev.floe.core.encoding;

/**
 * How a reader makes sure a decoded blob is the one the metadata commit to (Walrus's read-side
 * consistency checks). Either way an inconsistent blob raises {@link
 * dev.floe.core.errors.InconsistentEncodingException}.
 */
public enum ConsistencyCheck {
  /**
   * Re-derive every systematic primary sliver (rows 0..n-2f-1) that was not among the verified
   * input slivers and compare its Merkle root with the metadata; also require the padding after
   * the blob's last byte to be zero. Every reader that passes this check gets the same bytes.
   */
  DEFAULT,
  /** Re-encode the whole decoded blob and compare the blob ID. */
  STRICT
}
