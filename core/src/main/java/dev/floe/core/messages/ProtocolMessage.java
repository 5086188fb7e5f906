package dev.floe.core.messages;

/**
 * A message a storage node signs with its protocol key. Its bytes are the BCS header {@code
 * intent_type u8, intent_version u8, app_id u8, epoch u32} followed by the body without a length
 * prefix (walrus-protocol.md §3.1). Implementations are immutable; their static {@code parse}
 * methods check the intent and reject trailing bytes.
 */
public interface ProtocolMessage {
  /** The intent: what the signature may be used for. */
  Intent intent();

  /** The epoch in which the message was signed (u32). */
  long epoch();

  /** The exact bytes that are signed. */
  byte[] toBytes();
}
