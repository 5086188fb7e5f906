package dev.floe.core.blob;

import dev.floe.core.errors.UnsupportedEncodingTypeException;

/**
 * Erasure-code identifiers. Walrus retired {@code RedStuffRaptorQ} (0); only {@code RS2} (1) is
 * accepted, as upstream.
 */
public enum EncodingType {
  /** Reed-Solomon over GF(2^16) with the additive-FFT code of reed-solomon-simd 3.1.0. */
  RS2(1);

  private final int code;

  EncodingType(int code) {
    this.code = code;
  }

  /** The one-byte code that enters the blob ID and the BCS enum index. */
  public int code() {
    return code;
  }

  /** Maps a wire code to a type, rejecting anything but RS2. */
  public static EncodingType fromCode(int code) {
    if (code == RS2.code) {
      return RS2;
    }
    if (code == 0) {
      throw new UnsupportedEncodingTypeException(
          "encoding type 0 (RedStuff/RaptorQ) is retired; only RS2 (1) is supported");
    }
    throw new UnsupportedEncodingTypeException("unknown encoding type " + code + "; only RS2 (1) is supported");
  }
}
