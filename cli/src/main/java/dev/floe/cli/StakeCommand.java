package dev.floe.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.controlplane.Address;
import dev.floe.controlplane.ControlPlane;
import dev.floe.controlplane.EpochState;
import dev.floe.controlplane.ObjectId;
import dev.floe.controlplane.StakeInfo;
import dev.floe.controlplane.TokenAmount;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code floe stake}: delegated stake for any wallet. {@code add} stakes with a node, {@code list}
 * and {@code info} show positions, {@code request-withdrawal} and {@code withdraw} take stake back.
 * The wallet, RPC URL and deployment come from the client options ({@link ClientOptions}; default:
 * the running localnet and its client wallet). Refusals say why and exit 7 (not yours, already
 * requested or withdrawn, not enough tokens), 8 (unknown stake ID, unregistered node) or 9 (not
 * withdrawable yet).
 */
@Command(
    name = "stake",
    mixinStandardHelpOptions = true,
    description = "Stake tokens with storage nodes and take them back (any wallet).",
    subcommands = {
      StakeCommand.Add.class,
      StakeQueryCommands.ListStakes.class,
      StakeQueryCommands.Info.class,
      StakeCommand.RequestWithdrawal.class,
      StakeCommand.Withdraw.class,
      CommandLine.HelpCommand.class
    })
public final class StakeCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code floe stake add --node 0x.. --amount T}: stakes from the wallet with a registered node. */
  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Stake tokens from your wallet with a storage node. The stake counts from the next epoch (the one"
          + " after if the next committee is already selected).")
  static final class Add implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--node", required = true, paramLabel = "0xADDRESS", description = "Node ID (operator address).")
    String node;

    @Option(names = "--amount", required = true, paramLabel = "TOKENS", description = "Tokens to stake (up to 9 decimals).")
    BigDecimal amount;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Mixin ClientOptions client;

    @Override
    public Integer call() {
      Address nodeId = StakeFormat.address(node, "--node");
      TokenAmount tokens = StakeFormat.amount(amount, "--amount");
      ClientContext context = ClientContext.resolve(client);
      try (ControlPlane cp = ChainCalls.run(context::connect)) {
        if (ChainCalls.await(cp.node(nodeId)).isEmpty()) {
          throw new CliException(Floe.ExitCodes.NOT_FOUND, "node " + nodeId.toHex() + " is not registered: stake goes"
              + " to registered nodes only (see 'floe info' for the committee)");
        }
        TokenAmount balance = ChainCalls.await(cp.balanceOf(cp.account()));
        if (balance.compareTo(tokens) < 0) {
          throw new CliException(Floe.ExitCodes.REFUSED, "the wallet " + cp.account().toHex() + " holds " + balance
              + ", not enough to stake " + tokens);
        }
        StakeInfo s = ChainCalls.await(cp.stake(nodeId, tokens));
        int epoch = ChainCalls.await(cp.epochState()).epoch();
        ClientOutput out = new ClientOutput(spec.commandLine().getOut(), json);
        if (json) {
          out.printJson(StakeFormat.json(s, epoch, Optional.empty()).put("epoch", epoch));
        } else {
          out.line("staked " + tokens + " with node " + nodeId.toHex() + ": stake " + StakeFormat.id(s.stakeId())
              + ", counts from epoch " + s.activationEpoch() + " (current epoch " + epoch + ")");
        }
      }
      return Floe.ExitCodes.OK;
    }
  }

  /** {@code floe stake request-withdrawal STAKE_ID}: the position stops counting from a later epoch. */
  @Command(name = "request-withdrawal", mixinStandardHelpOptions = true,
      description = "Ask to withdraw a stake position: it stops counting from the next epoch (the one after if the next"
          + " committee is already selected) and can be withdrawn once that epoch starts.")
  static final class RequestWithdrawal extends StakeIdCommand {
    @Override
    public Integer call() {
      ObjectId id = id();
      ClientContext context = ClientContext.resolve(client);
      try (ControlPlane cp = ChainCalls.run(context::connect)) {
        StakeInfo before = StakePositions.owned(cp, id);
        if (before.withdrawEpoch().isPresent()) {
          throw new CliException(Floe.ExitCodes.REFUSED, "withdrawal of stake " + StakeFormat.id(id)
              + " was already requested: it is withdrawable from epoch " + before.withdrawEpoch().getAsInt());
        }
        StakeInfo s = ChainCalls.await(cp.requestWithdrawal(id));
        int epoch = ChainCalls.await(cp.epochState()).epoch();
        int from = s.withdrawEpoch().orElseThrow();
        ClientOutput out = output();
        if (json) {
          out.printJson(StakeFormat.json(s, epoch, Optional.empty()).put("epoch", epoch));
        } else {
          out.line("withdrawal requested for stake " + StakeFormat.id(id) + " (" + s.principal() + " with node "
              + s.nodeId().toHex() + "): it counts until epoch " + from + " and is withdrawable from epoch " + from
              + " (current epoch " + epoch + "); then run 'floe stake withdraw " + StakeFormat.id(id) + "'");
        }
      }
      return Floe.ExitCodes.OK;
    }
  }

  /** {@code floe stake withdraw STAKE_ID}: pays out principal and rewards of a withdrawable position. */
  @Command(name = "withdraw", mixinStandardHelpOptions = true,
      description = "Withdraw a stake position whose withdrawal is effective: pays principal (after slashing) and"
          + " rewards to your wallet.")
  static final class Withdraw extends StakeIdCommand {
    @Override
    public Integer call() {
      ObjectId id = id();
      ClientContext context = ClientContext.resolve(client);
      try (ControlPlane cp = ChainCalls.run(context::connect)) {
        StakeInfo s = StakePositions.owned(cp, id);
        if (s.withdrawEpoch().isEmpty()) {
          throw new CliException(Floe.ExitCodes.REFUSED, "stake " + StakeFormat.id(id) + " is still staked: request"
              + " the withdrawal first ('floe stake request-withdrawal " + StakeFormat.id(id) + "')");
        }
        EpochState state = ChainCalls.await(cp.epochState());
        int due = s.withdrawEpoch().getAsInt();
        if (state.epoch() < due) {
          throw new CliException(Floe.ExitCodes.NOT_YET, "stake " + StakeFormat.id(id) + " is withdrawable from epoch "
              + due + "; the current epoch is " + state.epoch() + " (the next epoch change is due at "
              + state.nextEpochChangeTime() + ")");
        }
        TokenAmount total = ChainCalls.await(cp.withdrawStake(id));
        TokenAmount principal = s.principal().compareTo(total) > 0 ? total : s.principal();
        TokenAmount rewards = new TokenAmount(total.units().subtract(principal.units()));
        ClientOutput out = output();
        if (json) {
          ObjectNode o = ClientOutput.JSON.createObjectNode().put("stakeId", StakeFormat.id(id))
              .put("owner", s.owner().toHex()).put("nodeId", s.nodeId().toHex())
              .put("principalUnits", principal.units().toString()).put("rewardsUnits", rewards.units().toString())
              .put("totalUnits", total.units().toString());
          out.printJson(o);
        } else {
          out.line("withdrew stake " + StakeFormat.id(id) + ": principal " + principal + " + rewards " + rewards
              + " = " + total + " paid to " + s.owner().toHex());
        }
      }
      return Floe.ExitCodes.OK;
    }
  }
}
