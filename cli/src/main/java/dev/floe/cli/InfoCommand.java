package dev.floe.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.client.FloeClient.SystemInfo;
import dev.floe.client.daemon.DaemonJson;
import dev.floe.controlplane.CommitteeMemberInfo;
import dev.floe.core.committee.Bft;
import dev.floe.core.encoding.EncodingConfig;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code floe info [--json]}: the system as the chain describes it — epoch and its timing, shards and
 * fault thresholds, the committee with each member's shards and address, storage prices and
 * capacity, chain and contract addresses.
 */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description = "Show the epoch, committee, shards and prices of the deployment.")
final class InfoCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--json", description = "print JSON")
  boolean json;

  @Mixin ClientOptions client;

  @Override
  public Integer call() throws Exception {
    SystemInfo info = ClientContext.resolve(client).call(session -> session.client().info().get());
    ObjectNode node = toJson(info);
    ClientOutput out = new ClientOutput(spec.commandLine().getOut(), json);
    if (json) {
      out.printJson(node);
      return Floe.ExitCodes.OK;
    }
    int n = info.epoch().nShards();
    out.line("Epoch");
    out.field("  Current epoch", info.epoch().epoch() + " (" + info.epoch().phase() + ")");
    out.field("  Started", info.epoch().epochStart());
    out.field("  Duration", info.epoch().epochDuration());
    out.field("  Next epoch change", info.epoch().nextEpochChangeTime());
    out.line("Shards");
    out.field("  Shards (n)", n);
    out.field("  Faulty tolerated (f)", Bft.maxFaulty(n));
    out.field("  Quorum (2f+1)", Bft.quorumWeight(n));
    out.field("  Max blob size", new EncodingConfig(n).maxBlobSize() + " bytes");
    out.line("Committee (" + info.committee().members().size() + " nodes)");
    for (CommitteeMemberInfo m : info.committee().members()) {
      out.line(String.format("  #%-3d %-12s %3d shards  %s  %s", m.index(), m.name(), m.weight(), m.networkAddress(),
          m.nodeId().toHex()));
    }
    out.line("Prices");
    out.field("  Storage per MiB-epoch", info.prices().storagePricePerUnit());
    out.field("  Write per MiB", info.prices().writePricePerUnit());
    out.field("  Capacity", info.prices().capacityBytes() + " bytes (" + info.prices().usedCapacityBytes() + " used)");
    out.line("Chain");
    out.field("  Chain ID", info.deployment().chainId());
    out.field("  System contract", info.deployment().contracts().system().toHex());
    out.field("  Staking contract", info.deployment().contracts().staking().toHex());
    out.field("  Token contract", info.deployment().contracts().token().toHex());
    return Floe.ExitCodes.OK;
  }

  static ObjectNode toJson(SystemInfo info) {
    ObjectNode root = DaemonJson.MAPPER.createObjectNode();
    int n = info.epoch().nShards();
    ObjectNode epoch = root.putObject("epoch");
    epoch.put("currentEpoch", info.epoch().epoch());
    epoch.put("phase", info.epoch().phase().name());
    epoch.put("epochStart", info.epoch().epochStart().toString());
    epoch.put("epochDurationSeconds", info.epoch().epochDuration().toSeconds());
    epoch.put("nextEpochChange", info.epoch().nextEpochChangeTime().toString());
    epoch.put("maxEpochsAhead", info.deployment().parameters().maxEpochsAhead());
    ObjectNode bft = root.putObject("shards");
    bft.put("nShards", n);
    bft.put("maxFaulty", Bft.maxFaulty(n));
    bft.put("quorumWeight", Bft.quorumWeight(n));
    bft.put("validityWeight", Bft.validityWeight(n));
    bft.put("maxBlobSize", new EncodingConfig(n).maxBlobSize());
    ArrayNode members = root.putObject("committee").put("epoch", info.committee().epoch()).putArray("members");
    for (CommitteeMemberInfo m : info.committee().members()) {
      ObjectNode o = members.addObject();
      o.put("index", m.index());
      o.put("name", m.name());
      o.put("nodeId", m.nodeId().toHex());
      o.put("networkAddress", m.networkAddress());
      o.put("protocolKeyAddress", m.protocolKeyAddress().toHex());
      o.put("weight", m.weight());
      ArrayNode shards = o.putArray("shards");
      List<Integer> list = m.shards();
      list.forEach(shards::add);
    }
    ObjectNode prices = root.putObject("prices");
    prices.put("storagePricePerUnit", info.prices().storagePricePerUnit().units().toString());
    prices.put("writePricePerUnit", info.prices().writePricePerUnit().units().toString());
    prices.put("unitSize", dev.floe.controlplane.Prices.UNIT_SIZE);
    prices.put("capacityBytes", info.prices().capacityBytes());
    prices.put("usedCapacityBytes", info.prices().usedCapacityBytes());
    ObjectNode chain = root.putObject("chain");
    chain.put("chainId", info.deployment().chainId());
    chain.put("token", info.deployment().contracts().token().toHex());
    chain.put("staking", info.deployment().contracts().staking().toHex());
    chain.put("system", info.deployment().contracts().system().toHex());
    return root;
  }
}
