package dev.floe.core.messages;

import dev.floe.core.bcs.BcsReader;
import dev.floe.core.bcs.BcsWriter;
import dev.floe.core.errors.InvalidSizeException;

/** Shared header encoding of the protocol messages. */
final class MessageCodec {
  /** Header bytes: three intent bytes and a u32 epoch. */
  static final int HEADER_LENGTH = 7;

  private MessageCodec() {}

  static void checkEpoch(long epoch) {
    if (epoch < 0 || epoch > 0xFFFF_FFFFL) {
      throw new InvalidSizeException("epoch must be a u32, got " + epoch);
    }
  }

  static BcsWriter header(IntentType type, long epoch, int bodyLength) {
    BcsWriter w = new BcsWriter(HEADER_LENGTH + bodyLength);
    Intent.storage(type).writeBcs(w);
    w.writeU32(epoch);
    return w;
  }

  /** Checks the intent and returns the epoch; the reader is left at the body. */
  static long readHeader(BcsReader r, IntentType expected) {
    Intent.readExpected(r, expected);
    return r.readU32();
  }
}
