package dev.floe.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.controlplane.ActiveSetMember;
import dev.floe.controlplane.Address;
import dev.floe.controlplane.CommitteeInfo;
import dev.floe.controlplane.ControlPlane;
import dev.floe.controlplane.EpochPhase;
import dev.floe.controlplane.EpochState;
import dev.floe.controlplane.NodeInfo;
import dev.floe.controlplane.TokenAmount;
import dev.floe.node.StorageNodeConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code floe node status (--config F | --node 0x..)}: a node as the chain sees it — registration,
 * name and addresses, commission (current rate, a scheduled change, what is waiting to be collected), price and
 * capacity votes, stake now and next epoch, active-set membership, its shards in the current (and,
 * once selected, the next) committee, storage-challenge failures in the current and previous epoch,
 * and the stake slashed so far. With {@code --config} it reads through the node's own chain settings
 * and wallet; with {@code --node} alone through the client options (no wallet needed). An
 * unregistered node exits 8.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show a node's on-chain status: registration, commission, votes, stake, active set, committee"
        + " shards, storage-challenge failures, slashed stake.")
final class NodeStatusCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "The node's YAML config: shows that node (or --node) over the config's chain settings.")
  Path config;

  @Option(names = "--node", paramLabel = "0xADDRESS",
      description = "The node ID (operator address) to show; without --config the client options name the deployment"
          + " (default: the running localnet).")
  String node;

  @Option(names = "--json", description = "print JSON")
  boolean json;

  @Mixin ClientOptions client;

  /** What the chain says about one registered node in one epoch. */
  private record Status(EpochState state, NodeInfo info, List<ActiveSetMember> activeSet, CommitteeInfo committee,
      Optional<CommitteeInfo> nextCommittee, boolean failedNow, boolean failedBefore, TokenAmount slashed) {}

  @Override
  public Integer call() {
    if (config == null && node == null) {
      throw new CliException(Floe.ExitCodes.USAGE, "give --config FILE (your node) or --node 0xADDRESS");
    }
    if (config != null && (client.deployment != null || client.rpcUrl != null || client.wallet != null
        || client.devKey != null || client.localnetDir != null)) {
      throw new CliException(Floe.ExitCodes.USAGE,
          "--config takes the chain from the node's config: leave out --deployment, --rpc, --wallet, --dev-key and"
              + " --localnet-dir");
    }
    Optional<Address> named = node == null ? Optional.empty() : Optional.of(StakeFormat.address(node, "--node"));
    try (ControlPlane cp = connect()) {
      Address nodeId = named.orElse(cp.account());
      EpochState state = ChainCalls.await(cp.epochState());
      Optional<NodeInfo> info = ChainCalls.await(cp.node(nodeId));
      ClientOutput out = new ClientOutput(spec.commandLine().getOut(), json);
      if (info.isEmpty()) {
        if (json) {
          out.printJson(ClientOutput.JSON.createObjectNode().put("nodeId", nodeId.toHex()).put("registered", false)
              .put("epoch", state.epoch()));
        } else {
          out.line("node " + nodeId.toHex() + " is not registered (epoch " + state.epoch() + ")");
        }
        return Floe.ExitCodes.NOT_FOUND;
      }
      Status status = read(cp, state, info.get());
      if (json) {
        out.printJson(toJson(status, cp.deployment().parameters().maxActiveNodes()));
      } else {
        print(out, status, cp.deployment().parameters().maxActiveNodes());
      }
      return Floe.ExitCodes.OK;
    }
  }

  private ControlPlane connect() {
    if (config == null) {
      ClientContext context = ClientContext.resolve(client);
      return ChainCalls.run(context::connectReadOnly);
    }
    StorageNodeConfig c;
    try {
      c = StorageNodeConfig.load(config);
    } catch (StorageNodeConfig.ConfigException e) {
      throw new CliException(Floe.ExitCodes.BAD_INPUT, e.getMessage(), e);
    }
    return NodeCommand.operatorChain(c).controlPlane();
  }

  private static Status read(ControlPlane cp, EpochState state, NodeInfo info) {
    Address id = info.nodeId();
    int epoch = state.epoch();
    CompletableFuture<List<ActiveSetMember>> activeSet = cp.activeSet();
    CompletableFuture<CommitteeInfo> committee = cp.committee(epoch);
    CompletableFuture<Optional<CommitteeInfo>> next = state.phase() == EpochPhase.NEXT_PARAMS_SELECTED
        ? cp.committee(epoch + 1).thenApply(Optional::of) : CompletableFuture.completedFuture(Optional.empty());
    CompletableFuture<Boolean> failedNow = cp.challengeFailed(id, epoch);
    CompletableFuture<Boolean> failedBefore = epoch == 0 ? CompletableFuture.completedFuture(false)
        : cp.challengeFailed(id, epoch - 1);
    CompletableFuture<TokenAmount> slashed = cp.slashedStake(id);
    return new Status(state, info, ChainCalls.await(activeSet), ChainCalls.await(committee), ChainCalls.await(next),
        ChainCalls.await(failedNow), ChainCalls.await(failedBefore), ChainCalls.await(slashed));
  }

  private static Optional<ActiveSetMember> membership(Status s) {
    return s.activeSet().stream().filter(m -> m.nodeId().equals(s.info().nodeId())).findFirst();
  }

  private static void print(ClientOutput out, Status s, int maxActive) {
    NodeInfo n = s.info();
    int epoch = s.state().epoch();
    out.line("Node " + n.nodeId().toHex() + " (epoch " + epoch + ", " + s.state().phase() + ")");
    out.field("  Registered", "yes, in epoch " + n.registeredEpoch());
    out.field("  Name", n.name());
    out.field("  Network address", n.networkAddress());
    out.field("  Protocol key address", n.protocolKeyAddress().toHex());
    out.field("  Commission", n.commissionBps() + " bps (" + n.commissionBps() / 100.0 + " %)"
        + n.scheduledCommission().map(c -> ", " + c.commissionBps() + " bps (" + c.commissionBps() / 100.0
            + " %) from epoch " + c.fromEpoch()).orElse(""));
    out.field("  Commission to collect", n.commissionBalance());
    out.field("  Storage price vote", n.votes().storagePricePerUnit().units() + " base units per MiB per epoch");
    out.field("  Write price vote", n.votes().writePricePerUnit().units() + " base units per MiB");
    out.field("  Capacity vote", n.votes().capacityBytes() + " bytes");
    out.field("  Stake this epoch", n.activeStake());
    out.field("  Stake next epoch", n.nextEpochStake());
    out.field("  Active set", membership(s).map(m -> "member (" + s.activeSet().size() + " of " + maxActive
        + " places)").orElse("not a member (" + s.activeSet().size() + " of " + maxActive + " places taken)"));
    out.field("  Committee, epoch " + epoch, shards(s.committee(), n.nodeId()));
    s.nextCommittee().ifPresent(c -> out.field("  Committee, epoch " + c.epoch(), shards(c, n.nodeId())));
    out.field("  Challenge, epoch " + epoch, s.failedNow() ? "FAILED (reported)" : "no failure reported");
    if (epoch > 0) {
      out.field("  Challenge, epoch " + (epoch - 1), s.failedBefore() ? "FAILED (reported)" : "no failure reported");
    }
    out.field("  Slashed stake", s.slashed());
  }

  private static String shards(CommitteeInfo c, Address id) {
    if (c.isEmpty()) {
      return "no committee";
    }
    int weight = c.shardsOf(id).size();
    return weight == 0 ? "not a member" : weight + " of " + c.nShards() + " shards (weight " + weight + ")";
  }

  private static ObjectNode toJson(Status s, int maxActive) {
    NodeInfo n = s.info();
    ObjectNode o = ClientOutput.JSON.createObjectNode().put("nodeId", n.nodeId().toHex()).put("registered", true)
        .put("epoch", s.state().epoch()).put("phase", s.state().phase().name());
    o.put("registeredEpoch", n.registeredEpoch()).put("name", n.name()).put("networkAddress", n.networkAddress())
        .put("protocolKeyAddress", n.protocolKeyAddress().toHex()).put("commissionBps", n.commissionBps())
        .put("commissionToCollectUnits", n.commissionBalance().units().toString());
    n.scheduledCommission().ifPresent(c ->
        o.putObject("scheduledCommission").put("commissionBps", c.commissionBps()).put("fromEpoch", c.fromEpoch()));
    o.putObject("votes").put("storagePriceUnits", n.votes().storagePricePerUnit().units().toString())
        .put("writePriceUnits", n.votes().writePricePerUnit().units().toString())
        .put("capacityBytes", n.votes().capacityBytes());
    o.putObject("stake").put("activeUnits", n.activeStake().units().toString())
        .put("nextEpochUnits", n.nextEpochStake().units().toString());
    ObjectNode set = o.putObject("activeSet").put("member", membership(s).isPresent())
        .put("members", s.activeSet().size()).put("maxMembers", maxActive);
    membership(s).ifPresent(m -> set.put("stakeUnits", m.stake().units().toString()));
    o.set("committee", committeeJson(s.committee(), n.nodeId()));
    s.nextCommittee().ifPresent(c -> o.set("nextCommittee", committeeJson(c, n.nodeId())));
    o.putObject("challengeFailed").put("currentEpoch", s.failedNow()).put("previousEpoch", s.failedBefore());
    o.put("slashedStakeUnits", s.slashed().units().toString());
    return o;
  }

  private static ObjectNode committeeJson(CommitteeInfo c, Address id) {
    List<Integer> shards = c.shardsOf(id);
    ObjectNode o = ClientOutput.JSON.createObjectNode().put("epoch", c.epoch()).put("member", !shards.isEmpty())
        .put("weight", shards.size()).put("nShards", c.nShards());
    ArrayNode array = o.putArray("shards");
    shards.forEach(array::add);
    return o;
  }
}
