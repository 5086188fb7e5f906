package dev.floe.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.client.daemon.DaemonJson;
import dev.floe.controlplane.BlobObject;
import dev.floe.controlplane.ObjectId;
import dev.floe.controlplane.StorageResource;
import dev.floe.core.blob.BlobId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code floe delete (--object-id HEX... | --blob-id ID) [--json]}: deletes deletable registrations
 * owned by the wallet; their storage returns to the owner. With {@code --blob-id}, every deletable
 * registration of that blob owned by the wallet is deleted. Nodes stop serving the blob once no
 * registration keeps it.
 */
@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    description = "Delete deletable blobs owned by your wallet.")
final class DeleteCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  static final class Target {
    @Option(names = {"--object-id", "--object-ids"}, arity = "1..*", paramLabel = "HEX", description = "registrations to delete")
    List<String> objectIds;

    @Option(names = "--blob-id", paramLabel = "ID", description = "delete every deletable registration of this blob you own")
    String blobId;
  }

  @Option(names = "--json", description = "print JSON")
  boolean json;

  @Mixin ClientOptions client;

  @Override
  public Integer call() throws Exception {
    List<ObjectId> deleted = new ArrayList<>();
    List<StorageResource> freed = new ArrayList<>();
    ClientContext.resolve(client).call(session -> {
      List<ObjectId> targets = new ArrayList<>();
      if (target.objectIds != null) {
        target.objectIds.forEach(t -> targets.add(ClientTargets.objectId(t)));
      } else {
        BlobId blobId = ClientTargets.blobId(target.blobId);
        for (BlobObject b : session.client().registrations(blobId).get()) {
          if (b.deletable() && !b.deleted() && b.owner().equals(session.controlPlane().account())) {
            targets.add(b.objectId());
          }
        }
        if (targets.isEmpty()) {
          throw new CliException(
              Floe.ExitCodes.NOT_AVAILABLE,
              "blob " + blobId + " has no deletable registration owned by " + session.controlPlane().account().toHex());
        }
      }
      for (ObjectId id : targets) {
        freed.add(session.client().delete(id).get());
        deleted.add(id);
      }
      return null;
    });
    ClientOutput out = new ClientOutput(spec.commandLine().getOut(), json);
    if (json) {
      ArrayNode array = DaemonJson.MAPPER.createArrayNode();
      for (int i = 0; i < deleted.size(); i++) {
        ObjectNode o = array.addObject();
        o.put("objectId", "0x" + deleted.get(i).toHex());
        o.put("freedStorageId", "0x" + freed.get(i).id().toHex());
        o.put("freedStorageSize", freed.get(i).size());
        o.put("freedStorageEndEpoch", freed.get(i).endEpoch());
      }
      out.printJson(array);
    } else {
      for (ObjectId id : deleted) {
        out.line("Success: deleted registration 0x" + id.toHex());
      }
    }
    return Floe.ExitCodes.OK;
  }
}
