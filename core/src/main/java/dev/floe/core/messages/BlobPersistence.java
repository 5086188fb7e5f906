package dev.floe.core.messages;

import dev.floe.core.bcs.BcsReader;
import dev.floe.core.bcs.BcsWriter;
import dev.floe.core.errors.InvalidSizeException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Whether a confirmed blob is permanent or deletable (Walrus {@code BlobPersistenceType}). BCS:
 * {@code Permanent = 0 | Deletable { object_id: [u8; 32] } = 1}. Immutable.
 */
public sealed interface BlobPersistence permits BlobPersistence.Permanent, BlobPersistence.Deletable {
  /** The permanent persistence type. */
  BlobPersistence PERMANENT = new Permanent();

  /** A deletable blob registered under the 32-byte {@code objectId}. */
  static Deletable deletable(byte[] objectId) {
    return new Deletable(objectId);
  }

  /** Appends the BCS form. */
  void writeBcs(BcsWriter w);

  /** Reads the BCS form. */
  static BlobPersistence readBcs(BcsReader r) {
    int variant = r.readEnumIndex(2, "blob persistence");
    return variant == 0 ? PERMANENT : new Deletable(r.readFixedBytes(Deletable.OBJECT_ID_LENGTH));
  }

  /** A permanent blob: it cannot be deleted before it expires. */
  final class Permanent implements BlobPersistence {
    private Permanent() {}

    @Override
    public void writeBcs(BcsWriter w) {
      w.writeEnumIndex(0);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Permanent;
    }

    @Override
    public int hashCode() {
      return 1;
    }

    @Override
    public String toString() {
      return "Permanent";
    }
  }

  /** A deletable blob and the 32-byte ID of the object that registered it. */
  final class Deletable implements BlobPersistence {
    /** Length of an object ID. */
    public static final int OBJECT_ID_LENGTH = 32;

    private final byte[] objectId;

    private Deletable(byte[] objectId) {
      if (objectId == null || objectId.length != OBJECT_ID_LENGTH) {
        throw new InvalidSizeException(
            "an object ID has 32 bytes, got " + (objectId == null ? "null" : objectId.length));
      }
      this.objectId = objectId.clone();
    }

    /** A copy of the object ID. */
    public byte[] objectId() {
      return objectId.clone();
    }

    @Override
    public void writeBcs(BcsWriter w) {
      w.writeEnumIndex(1);
      w.writeFixedBytes(objectId);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Deletable other && Arrays.equals(objectId, other.objectId);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(objectId);
    }

    @Override
    public String toString() {
      return "Deletable[" + HexFormat.of().formatHex(objectId) + "]";
    }
  }
}
