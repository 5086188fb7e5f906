package dev.floe.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.client.daemon.DaemonJson;
import dev.floe.controlplane.BlobObject;
import dev.floe.controlplane.ObjectId;
import dev.floe.core.blob.BlobId;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code floe extend (--blob-obj-id HEX | --blob-id ID) --epochs-extended N [--json]}: pays for more
 * epochs of a certified, unexpired registration. With {@code --blob-id} the live certified
 * registration with the latest end epoch is extended (permanent ones first).
 */
@Command(
    name = "extend",
    mixinStandardHelpOptions = true,
    description = "Extend the storage of a certified blob by some epochs.")
final class ExtendCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  static final class Target {
    @Option(names = {"--blob-obj-id", "--object-id"}, paramLabel = "HEX", description = "the registration's object ID")
    String objectId;

    @Option(names = "--blob-id", paramLabel = "ID", description = "the blob ID (its best registration is extended)")
    String blobId;
  }

  @Option(names = "--epochs-extended", required = true, paramLabel = "N", description = "epochs to add")
  int epochs;

  @Option(names = "--json", description = "print JSON")
  boolean json;

  @Mixin ClientOptions client;

  @Override
  public Integer call() throws Exception {
    if (epochs < 1) {
      throw new CliException(Floe.ExitCodes.USAGE, "--epochs-extended must be at least 1, got " + epochs);
    }
    BlobObject extended = ClientContext.resolve(client).call(session -> {
      ObjectId objectId = target.objectId != null ? ClientTargets.objectId(target.objectId) : pick(session, target.blobId);
      return session.client().extend(objectId, epochs).get();
    });
    ClientOutput out = new ClientOutput(spec.commandLine().getOut(), json);
    if (json) {
      ObjectNode node = DaemonJson.MAPPER.createObjectNode();
      node.put("epochsExtended", epochs);
      node.set("blobObject", DaemonJson.blobObject(extended));
      out.printJson(node);
    } else {
      out.line("Success: extended blob " + extended.blobId() + " by " + epochs + " epochs");
      out.field("Object ID", "0x" + extended.objectId().toHex());
      out.field("Expiry epoch", extended.endEpoch() + " (exclusive)");
    }
    return Floe.ExitCodes.OK;
  }

  private static ObjectId pick(ClientContext.Session session, String blobIdText) throws Exception {
    BlobId blobId = ClientTargets.blobId(blobIdText);
    int epoch = session.controlPlane().epochState().get().epoch();
    List<BlobObject> registrations = session.client().registrations(blobId).get();
    return registrations.stream()
        .filter(b -> b.isCertified() && !b.deleted() && b.endEpoch() > epoch)
        .max(Comparator.comparing((BlobObject b) -> !b.deletable()).thenComparingInt(BlobObject::endEpoch))
        .map(BlobObject::objectId)
        .orElseThrow(() -> new CliException(
            Floe.ExitCodes.NOT_AVAILABLE, "blob " + blobId + " has no certified, unexpired registration to extend"));
  }
}
