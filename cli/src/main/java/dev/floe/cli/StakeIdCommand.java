package dev.floe.cli;

import dev.floe.controlplane.ObjectId;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What the {@code floe stake} commands about one position share: the {@code STAKE_ID} parameter,
 * {@code --json} and the client options (picocli reads the annotated fields of superclasses too).
 */
abstract class StakeIdCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "STAKE_ID", description = "The stake ID (0x + 64 hex digits).")
  String stakeId;

  @Option(names = "--json", description = "print JSON")
  boolean json;

  @Mixin ClientOptions client;

  /** The stake ID given (a usage error when malformed). */
  ObjectId id() {
    return ClientTargets.objectId(stakeId);
  }

  /** Where the command prints, text or JSON as asked. */
  ClientOutput output() {
    return new ClientOutput(spec.commandLine().getOut(), json);
  }
}
