package dev.floe.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.controlplane.ControlPlane;
import dev.floe.controlplane.EpochPhase;
import dev.floe.controlplane.EpochState;
import dev.floe.controlplane.NodeInfo;
import dev.floe.controlplane.NodeRegistration;
import dev.floe.controlplane.NodeVotes;
import dev.floe.controlplane.TokenAmount;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The node operator's settings commands, sent from the operator wallet of the node's config: {@code
 * floe node set-commission}, {@code floe node collect-commission} and {@code floe node update}. An
 * unregistered node exits 8; bad values are usage errors (2) caught before anything is sent.
 */
final class OperatorCommands {
  private static final BigInteger MAX_U64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

  private OperatorCommands() {}

  /** The operator's node as registered; {@link Floe.ExitCodes#NOT_FOUND} when it is not. */
  private static NodeInfo registered(ControlPlane cp) {
    return ChainCalls.await(cp.node(cp.account())).orElseThrow(() -> new CliException(Floe.ExitCodes.NOT_FOUND,
        "node " + cp.account().toHex() + " is not registered; register it first ('floe node register')"));
  }

  /** {@code floe node set-commission --config F --bps N}: a new rate, effective from a later epoch. */
  @Command(name = "set-commission", mixinStandardHelpOptions = true,
      description = "Change the node's commission on its stakers' rewards. The new rate applies from the first epoch a"
          + " withdrawal requested now would no longer count in, so stakers can leave before it affects them.")
  static final class SetCommission implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin NodeCommand.ConfigOption config;

    @Option(names = "--bps", required = true, paramLabel = "N", description = "Commission in basis points, 0..10000.")
    int bps;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
      if (bps < 0 || bps > 10_000) {
        throw new CliException(Floe.ExitCodes.USAGE, "--bps must be in [0, 10000] (100 bps = 1 %), got " + bps);
      }
      try (ControlPlane cp = NodeCommand.operatorChain(config.load()).controlPlane()) {
        NodeInfo before = registered(cp);
        EpochState state = ChainCalls.await(cp.epochState());
        ChainCalls.await(cp.setCommission(bps));
        // the contract's rule: from the next epoch, or the one after once the next committee is selected
        int from = state.phase() == EpochPhase.NEXT_PARAMS_SELECTED ? state.epoch() + 2 : state.epoch() + 1;
        ClientOutput out = new ClientOutput(spec.commandLine().getOut(), json);
        if (json) {
          out.printJson(ClientOutput.JSON.createObjectNode().put("nodeId", cp.account().toHex())
              .put("commissionBps", bps).put("currentCommissionBps", before.commissionBps()).put("fromEpoch", from));
        } else {
          out.line("commission of node " + cp.account().toHex() + " set to " + bps + " bps from epoch " + from
              + " (now " + before.commissionBps() + " bps, epoch " + state.epoch() + ")");
        }
      }
      return Floe.ExitCodes.OK;
    }
  }

  /** {@code floe node collect-commission --config F}: pays the node's commission to the operator wallet. */
  @Command(name = "collect-commission", mixinStandardHelpOptions = true,
      description = "Pay the node's earned commission out to the operator wallet.")
  static final class CollectCommission implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin NodeCommand.ConfigOption config;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
      try (ControlPlane cp = NodeCommand.operatorChain(config.load()).controlPlane()) {
        NodeInfo node = registered(cp);
        // nothing earned: say so without spending gas on an empty payout
        TokenAmount collected = node.commissionBalance().units().signum() == 0 ? TokenAmount.ZERO
            : ChainCalls.await(cp.collectCommission());
        ClientOutput out = new ClientOutput(spec.commandLine().getOut(), json);
        if (json) {
          out.printJson(ClientOutput.JSON.createObjectNode().put("nodeId", cp.account().toHex())
              .put("collectedUnits", collected.units().toString()));
        } else if (collected.units().signum() == 0) {
          out.line("node " + cp.account().toHex() + " has no commission to collect");
        } else {
          out.line("collected " + collected + " commission to " + cp.account().toHex());
        }
      }
      return Floe.ExitCodes.OK;
    }
  }

  /** {@code floe node update --config F [--name] [--network-address] [votes]}: changes only what is given. */
  @Command(name = "update", mixinStandardHelpOptions = true,
      description = "Change the node's name, network address, price votes or capacity vote; what is not given stays.")
  static final class Update implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Mixin NodeCommand.ConfigOption config;

    @Option(names = "--name", paramLabel = "NAME", description = "New node name.")
    String name;

    @Option(names = "--network-address", paramLabel = "URL", description = "New public REST address of the node.")
    String networkAddress;

    @Option(names = "--storage-price", paramLabel = "UNITS",
        description = "Storage price vote, token base units per MiB per epoch.")
    BigInteger storagePrice;

    @Option(names = "--write-price", paramLabel = "UNITS", description = "Write price vote, base units per MiB.")
    BigInteger writePrice;

    @Option(names = "--capacity", paramLabel = "BYTES", description = "Capacity vote in bytes.")
    BigInteger capacity;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
      boolean metadata = name != null || networkAddress != null;
      boolean votes = storagePrice != null || writePrice != null || capacity != null;
      if (!metadata && !votes) {
        throw new CliException(Floe.ExitCodes.USAGE,
            "nothing to update: give --name, --network-address, --storage-price, --write-price or --capacity");
      }
      checkText(name, "--name");
      checkText(networkAddress, "--network-address");
      checkUnsigned(storagePrice, "--storage-price", MAX_U64);
      checkUnsigned(writePrice, "--write-price", MAX_U64);
      checkUnsigned(capacity, "--capacity", BigInteger.valueOf(Long.MAX_VALUE));
      try (ControlPlane cp = NodeCommand.operatorChain(config.load()).controlPlane()) {
        NodeInfo before = registered(cp);
        List<String> changed = new ArrayList<>();
        String newName = name == null ? before.name() : name;
        String newAddress = networkAddress == null ? before.networkAddress() : networkAddress;
        if (metadata) {
          ChainCalls.await(cp.updateNodeMetadata(newName, newAddress));
          note(changed, "name", before.name(), newName);
          note(changed, "networkAddress", before.networkAddress(), newAddress);
        }
        NodeVotes old = before.votes();
        NodeVotes next = new NodeVotes(
            storagePrice == null ? old.storagePricePerUnit() : new TokenAmount(storagePrice),
            writePrice == null ? old.writePricePerUnit() : new TokenAmount(writePrice),
            capacity == null ? old.capacityBytes() : capacity.longValueExact());
        if (votes) {
          ChainCalls.await(cp.updateNodeVotes(next));
          note(changed, "storagePrice", old.storagePricePerUnit().units(), next.storagePricePerUnit().units());
          note(changed, "writePrice", old.writePricePerUnit().units(), next.writePricePerUnit().units());
          note(changed, "capacity", old.capacityBytes(), next.capacityBytes());
        }
        print(new ClientOutput(spec.commandLine().getOut(), json), cp, newName, newAddress, next, changed);
      }
      return Floe.ExitCodes.OK;
    }

    private static void print(ClientOutput out, ControlPlane cp, String name, String address, NodeVotes votes,
        List<String> changed) {
      if (out.json()) {
        ObjectNode o = ClientOutput.JSON.createObjectNode().put("nodeId", cp.account().toHex()).put("name", name)
            .put("networkAddress", address).put("storagePrice", votes.storagePricePerUnit().units().toString())
            .put("writePrice", votes.writePricePerUnit().units().toString()).put("capacity", votes.capacityBytes());
        ArrayNode array = o.putArray("changed");
        changed.forEach(c -> array.add(c.substring(0, c.indexOf(':'))));
        out.printJson(o);
        return;
      }
      out.line("updated node " + cp.account().toHex() + (changed.isEmpty() ? ": nothing changed (same values)" : ":"));
      changed.forEach(c -> out.line("  " + c));
    }

    private static void note(List<String> changed, String what, Object before, Object after) {
      if (!before.equals(after)) {
        changed.add(what + ": " + before + " -> " + after);
      }
    }

    private static void checkText(String text, String option) {
      if (text != null && (text.isBlank()
          || text.getBytes(StandardCharsets.UTF_8).length > NodeRegistration.MAX_TEXT_LENGTH)) {
        throw new CliException(Floe.ExitCodes.USAGE,
            option + " must have 1.." + NodeRegistration.MAX_TEXT_LENGTH + " bytes (UTF-8) and not be blank");
      }
    }

    private static void checkUnsigned(BigInteger value, String option, BigInteger max) {
      if (value != null && (value.signum() < 0 || value.compareTo(max) > 0)) {
        throw new CliException(Floe.ExitCodes.USAGE, option + " must be in [0, " + max + "], got " + value);
      }
    }
  }
}
