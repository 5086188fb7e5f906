package dev.floe.core.messages;

import dev.floe.core.bcs.BcsReader;
import dev.floe.core.bcs.BcsWriter;
import dev.floe.core.errors.InvalidSignatureException;
import java.util.Objects;

/**
 * The first three bytes of every signed protocol message: {@code intent_type u8, intent_version
 * u8, app_id u8}. Floe uses version {@value #VERSION} and the Walrus storage app id {@value
 * #APP_ID}.
 *
 * @param type what the message is for
 * @param version the intent version, 0
 * @param appId the application id, 3 (storage)
 */
public record Intent(IntentType type, int version, int appId) {
  /** The only intent version. */
  public static final int VERSION = 0;
  /** The Walrus storage application id. */
  public static final int APP_ID = 3;

  /** Range-checks the bytes. */
  public Intent {
    Objects.requireNonNull(type, "type");
    if ((version & ~0xFF) != 0 || (appId & ~0xFF) != 0) {
      throw new InvalidSignatureException("intent version and app id are bytes: " + version + ", " + appId);
    }
  }

  /** The storage intent of {@code type}: version 0, app id 3. */
  public static Intent storage(IntentType type) {
    return new Intent(type, VERSION, APP_ID);
  }

  /** Appends the three header bytes. */
  public void writeBcs(BcsWriter w) {
    w.writeU8(type.code()).writeU8(version).writeU8(appId);
  }

  /**
   * Reads three header bytes and checks they are the storage intent of {@code expected}.
   *
   * @throws InvalidSignatureException naming the wrong intent type, version or app id
   */
  public static Intent readExpected(BcsReader r, IntentType expected) {
    int type = r.readU8();
    int version = r.readU8();
    int appId = r.readU8();
    if (type != expected.code()) {
      throw new InvalidSignatureException(
          "message has intent type " + describe(type) + ", expected " + expected);
    }
    if (version != VERSION) {
      throw new InvalidSignatureException("message has intent version " + version + ", expected " + VERSION);
    }
    if (appId != APP_ID) {
      throw new InvalidSignatureException("message has app id " + appId + ", expected " + APP_ID);
    }
    return storage(expected);
  }

  private static String describe(int code) {
    for (IntentType t : IntentType.values()) {
      if (t.code() == code) {
        return t.name();
      }
    }
    return "unknown (" + code + ")";
  }
}
