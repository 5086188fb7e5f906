package dev.floe.cli;

import dev.floe.controlplane.ObjectId;
import dev.floe.core.blob.BlobId;
import dev.floe.core.errors.InvalidDataException;

/** Parsing of blob and object IDs given on the command line, with exit code 3 on bad input. */
final class ClientTargets {
  private ClientTargets() {}

  static BlobId blobId(String text) {
    try {
      return BlobId.parse(text);
    } catch (InvalidDataException e) {
      throw new CliException(Floe.ExitCodes.BAD_INPUT, e.getMessage());
    }
  }

  static ObjectId objectId(String text) {
    try {
      return ObjectId.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CliException(Floe.ExitCodes.BAD_INPUT, e.getMessage());
    }
  }
}
