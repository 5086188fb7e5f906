package dev.floe.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.controlplane.Address;
import dev.floe.controlplane.ControlPlane;
import dev.floe.controlplane.NodeInfo;
import dev.floe.controlplane.ObjectId;
import dev.floe.controlplane.StakeInfo;
import dev.floe.controlplane.TokenAmount;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The read-only staking commands: {@code floe stake list [--owner 0x..]} and {@code floe stake info
 * STAKE_ID}. They need no wallet when the owner is named ({@code --owner}, or for {@code info}).
 */
final class StakeQueryCommands {
  private StakeQueryCommands() {}

  /** {@code floe stake list [--owner 0x..]}: every stake position of an owner (default: the wallet). */
  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List the stake positions of your wallet (or of --owner): node, principal, state, epochs, rewards.")
  static final class ListStakes implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--owner", paramLabel = "0xADDRESS", description = "Whose positions to list (default: the wallet).")
    String owner;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Mixin ClientOptions client;

    @Override
    public Integer call() {
      Optional<Address> named = owner == null ? Optional.empty() : Optional.of(StakeFormat.address(owner, "--owner"));
      ClientContext context = ClientContext.resolve(client);
      if (named.isEmpty() && context.connection().walletKeystore().isEmpty()
          && context.connection().devKey().isEmpty()) {
        throw new CliException(Floe.ExitCodes.USAGE,
            "whose stakes? give --owner 0xADDRESS, or a wallet (--wallet FILE or --dev-key I) to list its own");
      }
      Supplier<ControlPlane> connect = named.isPresent() ? context::connectReadOnly : context::connect;
      try (ControlPlane cp = ChainCalls.run(connect)) {
        Address who = named.orElse(cp.account());
        int epoch = ChainCalls.await(cp.epochState()).epoch();
        List<StakeInfo> stakes = ChainCalls.await(cp.stakesOf(who));
        List<Optional<TokenAmount>> rewards = rewards(cp, stakes);
        print(new ClientOutput(spec.commandLine().getOut(), json), who, epoch, stakes, rewards);
      }
      return Floe.ExitCodes.OK;
    }

    /** Rewards of every position not paid out yet (read in parallel). */
    private static List<Optional<TokenAmount>> rewards(ControlPlane cp, List<StakeInfo> stakes) {
      List<CompletableFuture<Optional<TokenAmount>>> reads = new ArrayList<>();
      for (StakeInfo s : stakes) {
        reads.add(s.withdrawn() ? CompletableFuture.completedFuture(Optional.empty())
            : cp.stakeRewards(s.stakeId()).thenApply(Optional::of));
      }
      return reads.stream().map(ChainCalls::await).toList();
    }

    private static void print(ClientOutput out, Address who, int epoch, List<StakeInfo> stakes,
        List<Optional<TokenAmount>> rewards) {
      TokenAmount principal = TokenAmount.ZERO;
      TokenAmount earned = TokenAmount.ZERO;
      for (int i = 0; i < stakes.size(); i++) {
        if (!stakes.get(i).withdrawn()) {
          principal = principal.plus(stakes.get(i).principal());
          earned = earned.plus(rewards.get(i).orElse(TokenAmount.ZERO));
        }
      }
      if (out.json()) {
        ObjectNode root = ClientOutput.JSON.createObjectNode().put("owner", who.toHex()).put("epoch", epoch);
        ArrayNode array = root.putArray("stakes");
        for (int i = 0; i < stakes.size(); i++) {
          array.add(StakeFormat.json(stakes.get(i), epoch, rewards.get(i)));
        }
        root.put("totalPrincipalUnits", principal.units().toString()).put("totalRewardsUnits", earned.units().toString());
        out.printJson(root);
        return;
      }
      if (stakes.isEmpty()) {
        out.line("no stake positions of " + who.toHex() + " (epoch " + epoch + ")");
        return;
      }
      out.line("stake positions of " + who.toHex() + " (epoch " + epoch + "; epochs counted: first..end, end excluded)");
      out.line(String.format("%-66s  %-42s  %18s  %-12s  %-9s  %s", "STAKE ID", "NODE", "PRINCIPAL", "STATE", "EPOCHS",
          "REWARDS"));
      for (int i = 0; i < stakes.size(); i++) {
        StakeInfo s = stakes.get(i);
        String epochs = s.activationEpoch() + ".." + (s.withdrawEpoch().isPresent() ? s.withdrawEpoch().getAsInt() : "");
        out.line(String.format("%-66s  %-42s  %18s  %-12s  %-9s  %s", StakeFormat.id(s.stakeId()), s.nodeId().toHex(),
            s.principal(), StakeState.of(s, epoch).label(), epochs, rewards.get(i).map(TokenAmount::toString).orElse("-")));
      }
      out.line("total not withdrawn: " + principal + " principal, " + earned + " rewards");
    }
  }

  /** {@code floe stake info STAKE_ID}: one position, with its state and rewards so far. */
  @Command(name = "info", mixinStandardHelpOptions = true,
      description = "Show a stake position: owner, node, amount, principal after slashing, state, epochs, rewards.")
  static final class Info extends StakeIdCommand {
    @Override
    public Integer call() {
      ObjectId id = id();
      ClientContext context = ClientContext.resolve(client);
      try (ControlPlane cp = ChainCalls.run(context::connectReadOnly)) {
        StakeInfo s = StakePositions.find(cp, id);
        int epoch = ChainCalls.await(cp.epochState()).epoch();
        Optional<TokenAmount> rewards = s.withdrawn() ? Optional.empty()
            : Optional.of(ChainCalls.await(cp.stakeRewards(id)));
        Optional<String> nodeName = ChainCalls.await(cp.node(s.nodeId())).map(NodeInfo::name);
        ClientOutput out = output();
        if (json) {
          ObjectNode o = StakeFormat.json(s, epoch, rewards).put("epoch", epoch);
          nodeName.ifPresent(n -> o.put("nodeName", n));
          out.printJson(o);
          return Floe.ExitCodes.OK;
        }
        out.field("Stake ID", StakeFormat.id(id));
        out.field("Owner", s.owner().toHex());
        out.field("Node", s.nodeId().toHex() + nodeName.map(n -> " (" + n + ")").orElse(""));
        out.field("Amount staked", s.amount());
        out.field("Principal after slashing", s.principal());
        out.field("State", StakeState.of(s, epoch).label() + ": " + StakeFormat.explain(s, epoch));
        out.field("Activation epoch", s.activationEpoch());
        out.field("Withdraw epoch", s.withdrawEpoch().isPresent() ? s.withdrawEpoch().getAsInt() : "-");
        out.field("Rewards so far", rewards.map(TokenAmount::toString).orElse("- (paid out)"));
        out.field("Current epoch", epoch);
      }
      return Floe.ExitCodes.OK;
    }
  }
}
