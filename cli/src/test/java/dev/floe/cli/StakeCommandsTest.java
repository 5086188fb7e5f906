package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.controlplane.Address;
import dev.floe.controlplane.ControlPlane;
import dev.floe.controlplane.Deployment;
import dev.floe.controlplane.EpochState;
import dev.floe.controlplane.EpochStateException;
import dev.floe.controlplane.NodeInfo;
import dev.floe.controlplane.NotFoundException;
import dev.floe.controlplane.ObjectId;
import dev.floe.controlplane.StakeInfo;
import dev.floe.controlplane.TokenAmount;
import dev.floe.controlplane.UnauthorizedException;
import dev.floe.controlplane.evm.EvmAccount;
import dev.floe.controlplane.evm.EvmConfig;
import dev.floe.controlplane.evm.EvmControlPlane;
import dev.floe.controlplane.evm.Keystores;
import dev.floe.testkit.AnvilNode;
import dev.floe.testkit.Await;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The staking lifecycle from the command line on a real anvil chain: an operator stakes with {@code
 * floe node stake} (stake ID printed), a delegator stakes, lists, requests withdrawal and withdraws
 * with {@code floe stake} (principal and rewards paid, balances checked) while epochs are moved by
 * chain time; the operator reads {@code floe node status}, changes its commission, collects it and
 * updates its metadata and votes. Every refusal says why with its own exit code.
 */
class StakeCommandsTest {
  private static final String PASSWORD = "stake password 5e2b";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final BigInteger TOKEN = TokenAmount.UNITS_PER_TOKEN;

  @TempDir static Path dir;
  private static AnvilNode anvil;
  private static Deployment deployment;
  private static Path deploymentFile;
  private static EvmControlPlane admin;
  private static CliChain chain;

  @BeforeAll
  static void deploy() {
    chain = CliChain.deploy(dir, 4);
    anvil = chain.anvil();
    deployment = chain.deployment();
    deploymentFile = chain.deploymentFile();
    admin = chain.admin();
  }

  @AfterAll
  static void stop() {
    if (chain != null) {
      chain.close();
    }
  }

  private static CliRun.Result floe(String... args) {
    return CliRun.run(args);
  }

  /** {@code args} with the client options of the wallet of anvil development key {@code key}. */
  private static String[] as(int key, String... args) {
    String[] all = Arrays.copyOf(args, args.length + 4);
    all[args.length] = "--deployment";
    all[args.length + 1] = deploymentFile.toString();
    all[args.length + 2] = "--dev-key";
    all[args.length + 3] = Integer.toString(key);
    return all;
  }

  /** {@code args} with the deployment but no wallet. */
  private static String[] readOnly(String... args) {
    String[] all = Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--deployment";
    all[args.length + 1] = deploymentFile.toString();
    return all;
  }

  /** An operator with keys made by {@code floe node keygen}, gas, 1000 tokens and a YAML config. */
  private record Operator(Path config, Address address, Path walletKeystore) {
    EvmControlPlane connect() {
      return EvmControlPlane.connect(EvmConfig.local(anvil.rpcUrl()), deployment,
          Keystores.loadAccount(walletKeystore, PASSWORD.toCharArray()));
    }
  }

  private static Operator operator(String name, boolean register) throws IOException {
    Path password = Files.writeString(dir.resolve("password.txt"), PASSWORD + "\n");
    CliRun.Result keys = floe("node", "keygen", "--out", dir.resolve(name).toString(), "--password-file", password.toString(),
        "--json");
    assertThat(keys.exitCode()).as(keys.toString()).isZero();
    Address address = Address.parse(keys.json().path("wallet").path("address").asText());
    anvil.setBalance(address.toHex(), BigInteger.TEN.pow(20));
    Await.result(admin.transfer(address, TokenAmount.ofTokens(1_000)));
    Path config = Files.writeString(dir.resolve(name + ".yaml"), """
        name: %s
        storage_path: %s-data
        rest_api: {port: 9185, public_url: "http://%s.example:9185"}
        chain: {rpc_url: "%s", deployment_file: deployment.json}
        keys:
          protocol_keystore: %s
          wallet_keystore: %s
          password_file: password.txt
        """.formatted(name, name, name, anvil.rpcUrl(), keys.json().path("protocolKey").path("keystore").asText(),
            keys.json().path("wallet").path("keystore").asText()));
    if (register) {
      CliRun.Result r = floe("node", "register", "--config", config.toString());
      assertThat(r.exitCode()).as(r.toString()).isZero();
    }
    return new Operator(config, address, Path.of(keys.json().path("wallet").path("keystore").asText()));
  }

  private static TokenAmount balance(Address a) {
    return Await.result(admin.balanceOf(a));
  }

  /** Voting end, epoch change (by moving chain time), and the operator's sync done: the next epoch. */
  private static void advanceEpoch(EvmControlPlane operator) {
    EpochState s = Await.result(admin.epochState());
    warpTo(s.votingEndTime().getEpochSecond());
    Await.result(admin.endVoting());
    warpTo(s.nextEpochChangeTime().getEpochSecond());
    Await.result(admin.initiateEpochChange());
    Await.result(operator.epochSyncDone(s.epoch() + 1));
  }

  private static void warpTo(long timestamp) {
    long now = anvil.latestBlockTimestamp();
    if (timestamp > now) {
      anvil.increaseTime(timestamp - now);
    }
  }

  @Test
  void aDelegatorStakesListsAndWithdrawsWithRewardsWhileTheOperatorRunsItsNode() throws Exception {
    Operator x = operator("x", true);
    String node = x.address().toHex();
    CliRun.Result own = floe("node", "stake", "--config", x.config().toString(), "--amount", "100", "--json");
    assertThat(own.exitCode()).as(own.toString()).isZero();
    ObjectId ownId = ObjectId.parse(own.json().path("stakeId").asText());
    StakeInfo ownOnChain = Await.result(admin.stakeInfo(ownId)).orElseThrow();
    assertThat(ownOnChain.owner()).isEqualTo(x.address());
    assertThat(ownOnChain.amount()).isEqualTo(TokenAmount.ofTokens(100));
    assertThat(own.json().path("activationEpoch").asInt()).isEqualTo(ownOnChain.activationEpoch()).isEqualTo(1);

    Address delegator = EvmAccount.devAccount(3).address();
    Await.result(admin.transfer(delegator, TokenAmount.ofTokens(1_000)));
    TokenAmount start = balance(delegator);
    CliRun.Result add = floe(as(3, "stake", "add", "--node", node, "--amount", "250", "--json"));
    assertThat(add.exitCode()).as(add.toString()).isZero();
    String id = add.json().path("stakeId").asText();
    assertThat(add.json().path("owner").asText()).isEqualTo(delegator.toHex());
    assertThat(add.json().path("state").asText()).isEqualTo("pending");
    assertThat(add.json().path("amountUnits").asText()).isEqualTo(BigInteger.valueOf(250).multiply(TOKEN).toString());
    assertThat(add.json().path("activationEpoch").asInt()).isEqualTo(1);
    assertThat(balance(delegator)).isEqualTo(new TokenAmount(start.units().subtract(BigInteger.valueOf(250).multiply(TOKEN))));

    CliRun.Result list = floe(as(3, "stake", "list", "--json"));
    assertThat(list.exitCode()).as(list.toString()).isZero();
    assertThat(list.json().path("owner").asText()).isEqualTo(delegator.toHex());
    assertThat(list.json().path("stakes")).hasSize(1);
    assertThat(list.json().path("stakes").get(0).path("stakeId").asText()).isEqualTo(id);
    assertThat(list.json().path("stakes").get(0).path("nodeId").asText()).isEqualTo(node);
    assertThat(list.json().path("stakes").get(0).path("state").asText()).isEqualTo("pending");
    // anyone may list anyone's positions, without a wallet
    CliRun.Result ofOperator = floe(readOnly("stake", "list", "--owner", node, "--json"));
    assertThat(ofOperator.exitCode()).as(ofOperator.toString()).isZero();
    assertThat(ofOperator.json().path("stakes")).hasSize(1);
    assertThat(ofOperator.json().path("stakes").get(0).path("stakeId").asText()).isEqualTo("0x" + ownId.toHex());

    try (EvmControlPlane operator = x.connect();
        ControlPlane delegatorChain = EvmControlPlane.connect(EvmConfig.local(anvil.rpcUrl()), deployment,
            EvmAccount.devAccount(3))) {
      advanceEpoch(operator); // epoch 1: both positions count
      CliRun.Result active = floe(as(3, "stake", "list"));
      assertThat(active.exitCode()).as(active.toString()).isZero();
      assertThat(active.out()).contains(id).contains(node).contains("250 FLOE").contains("active");
      // storage bought for epoch 1 is paid to the committee (x alone) when the epoch ends
      Await.result(admin.reserveSpace(64L << 20, 1));

      CliRun.Result notRequested = floe(as(3, "stake", "withdraw", id));
      assertThat(notRequested.exitCode()).as(notRequested.toString()).isEqualTo(Floe.ExitCodes.REFUSED);
      assertThat(notRequested.err()).contains("request-withdrawal " + id);

      CliRun.Result commission = floe("node", "set-commission", "--config", x.config().toString(), "--bps", "500", "--json");
      assertThat(commission.exitCode()).as(commission.toString()).isZero();
      assertThat(commission.json().path("fromEpoch").asInt()).isEqualTo(2);
      assertThat(commission.json().path("currentCommissionBps").asInt()).isEqualTo(1_000);
      CliRun.Result scheduled = floe("node", "status", "--config", x.config().toString(), "--json");
      assertThat(scheduled.exitCode()).as(scheduled.toString()).isZero();
      assertThat(scheduled.json().path("commissionBps").asInt()).as("still the old rate").isEqualTo(1_000);
      assertThat(scheduled.json().path("scheduledCommission").path("commissionBps").asInt()).isEqualTo(500);
      assertThat(scheduled.json().path("scheduledCommission").path("fromEpoch").asInt()).isEqualTo(2);
      assertThat(floe("node", "status", "--config", x.config().toString()).out())
          .contains("1000 bps (10.0 %), 500 bps (5.0 %) from epoch 2");

      CliRun.Result request = floe(as(3, "stake", "request-withdrawal", id, "--json"));
      assertThat(request.exitCode()).as(request.toString()).isZero();
      assertThat(request.json().path("withdrawEpoch").asInt()).isEqualTo(2);
      assertThat(request.json().path("state").asText()).isEqualTo("withdrawing");
      CliRun.Result again = floe(as(3, "stake", "request-withdrawal", id));
      assertThat(again.exitCode()).as(again.toString()).isEqualTo(Floe.ExitCodes.REFUSED);
      assertThat(again.err()).contains("already requested").contains("epoch 2");

      CliRun.Result early = floe(as(3, "stake", "withdraw", id));
      assertThat(early.exitCode()).as(early.toString()).isEqualTo(Floe.ExitCodes.NOT_YET);
      assertThat(early.err()).contains("withdrawable from epoch 2").contains("current epoch is 1");
      // the contract's own refusal (as when the pre-check raced an epoch change) maps to the same code
      assertThatThrownBy(() -> ChainCalls.await(delegatorChain.withdrawStake(ObjectId.parse(id))))
          .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(Floe.ExitCodes.NOT_YET))
          .hasMessageContaining("WithdrawalNotYetEffective");
      CliRun.Result thief = floe(as(4, "stake", "withdraw", id));
      assertThat(thief.exitCode()).as(thief.toString()).isEqualTo(Floe.ExitCodes.REFUSED);
      assertThat(thief.err()).contains("belongs to " + delegator.toHex());

      advanceEpoch(operator); // epoch 2: the delegation no longer counts and is withdrawable
    }
    TokenAmount earned = Await.result(admin.stakeRewards(ObjectId.parse(id)));
    assertThat(earned.units()).as("a share of epoch 1's storage payment").isPositive();
    CliRun.Result info = floe(readOnly("stake", "info", id, "--json"));
    assertThat(info.exitCode()).as(info.toString()).isZero();
    assertThat(info.json().path("state").asText()).isEqualTo("withdrawable");
    assertThat(info.json().path("rewardsUnits").asText()).isEqualTo(earned.units().toString());
    assertThat(info.json().path("nodeName").asText()).isEqualTo("x");

    TokenAmount before = balance(delegator);
    CliRun.Result withdraw = floe(as(3, "stake", "withdraw", id, "--json"));
    assertThat(withdraw.exitCode()).as(withdraw.toString()).isZero();
    BigInteger principal = BigInteger.valueOf(250).multiply(TOKEN);
    assertThat(withdraw.json().path("principalUnits").asText()).isEqualTo(principal.toString());
    assertThat(withdraw.json().path("rewardsUnits").asText()).isEqualTo(earned.units().toString());
    assertThat(withdraw.json().path("totalUnits").asText()).isEqualTo(principal.add(earned.units()).toString());
    assertThat(balance(delegator)).isEqualTo(new TokenAmount(before.units().add(principal).add(earned.units())));
    CliRun.Result withdrawn = floe(as(3, "stake", "list", "--json"));
    assertThat(withdrawn.json().path("stakes").get(0).path("state").asText()).isEqualTo("withdrawn");
    assertThat(withdrawn.json().path("stakes").get(0).has("rewardsUnits")).isFalse();
    CliRun.Result twice = floe(as(3, "stake", "withdraw", id));
    assertThat(twice.exitCode()).as(twice.toString()).isEqualTo(Floe.ExitCodes.REFUSED);
    assertThat(twice.err()).contains("already withdrawn");

    operatorManagesItsNode(x);
  }

  private static void operatorManagesItsNode(Operator x) throws Exception {
    NodeInfo onChain = Await.result(admin.node(x.address())).orElseThrow();
    assertThat(onChain.commissionBalance().units()).isPositive();
    CliRun.Result status = floe("node", "status", "--config", x.config().toString(), "--json");
    assertThat(status.exitCode()).as(status.toString()).isZero();
    JsonNode s = status.json();
    assertThat(s.path("registered").asBoolean()).isTrue();
    assertThat(s.path("epoch").asInt()).isEqualTo(2);
    assertThat(s.path("name").asText()).isEqualTo("x");
    assertThat(s.path("networkAddress").asText()).isEqualTo("http://x.example:9185");
    assertThat(s.path("protocolKeyAddress").asText()).isEqualTo(onChain.protocolKeyAddress().toHex());
    assertThat(s.path("commissionBps").asInt()).as("the new rate is in effect from epoch 2").isEqualTo(500);
    assertThat(s.has("scheduledCommission")).as("nothing scheduled any more").isFalse();
    assertThat(s.path("commissionToCollectUnits").asText()).isEqualTo(onChain.commissionBalance().units().toString());
    assertThat(s.path("stake").path("activeUnits").asText()).isEqualTo(BigInteger.valueOf(100).multiply(TOKEN).toString());
    assertThat(s.path("activeSet").path("member").asBoolean()).isTrue();
    assertThat(s.path("committee").path("weight").asInt()).isEqualTo(8);
    assertThat(s.path("committee").path("shards")).hasSize(8);
    assertThat(s.path("challengeFailed").path("currentEpoch").asBoolean()).isFalse();
    assertThat(s.path("challengeFailed").path("previousEpoch").asBoolean()).isFalse();
    assertThat(s.path("slashedStakeUnits").asText()).isEqualTo("0");
    CliRun.Result byId = floe(readOnly("node", "status", "--node", x.address().toHex(), "--json"));
    assertThat(byId.exitCode()).as(byId.toString()).isZero();
    assertThat(byId.json()).isEqualTo(s);
    CliRun.Result text = floe("node", "status", "--config", x.config().toString());
    assertThat(text.out()).contains("member (1 of 4 places)").contains("8 of 8 shards").contains("500 bps");

    TokenAmount before = balance(x.address());
    CliRun.Result collect = floe("node", "collect-commission", "--config", x.config().toString(), "--json");
    assertThat(collect.exitCode()).as(collect.toString()).isZero();
    assertThat(collect.json().path("collectedUnits").asText()).isEqualTo(onChain.commissionBalance().units().toString());
    assertThat(balance(x.address())).isEqualTo(before.plus(onChain.commissionBalance()));
    CliRun.Result nothing = floe("node", "collect-commission", "--config", x.config().toString());
    assertThat(nothing.exitCode()).as(nothing.toString()).isZero();
    assertThat(nothing.out()).contains("no commission to collect");

    CliRun.Result update = floe("node", "update", "--config", x.config().toString(), "--name", "x-renamed",
        "--storage-price", "1500", "--json");
    assertThat(update.exitCode()).as(update.toString()).isZero();
    assertThat(update.json().path("changed")).extracting(JsonNode::asText).containsExactly("name", "storagePrice");
    NodeInfo updated = Await.result(admin.node(x.address())).orElseThrow();
    assertThat(updated.name()).isEqualTo("x-renamed");
    assertThat(updated.networkAddress()).as("not given, unchanged").isEqualTo(onChain.networkAddress());
    assertThat(updated.votes().storagePricePerUnit()).isEqualTo(TokenAmount.ofUnits(1_500));
    assertThat(updated.votes().writePricePerUnit()).isEqualTo(onChain.votes().writePricePerUnit());
    assertThat(updated.votes().capacityBytes()).isEqualTo(onChain.votes().capacityBytes());
    assertThat(status.out() + collect.out() + update.out() + update.err()).doesNotContain(PASSWORD);
  }

  @Test
  void refusalsAndBadInputSayWhyWithTheirOwnExitCodes() throws Exception {
    Operator y = operator("y", false);
    Operator z = operator("z", true);
    String unknown = "0x" + "00".repeat(31) + "2a";

    CliRun.Result bps = floe("node", "set-commission", "--config", y.config().toString(), "--bps", "10001");
    assertThat(bps.exitCode()).as(bps.toString()).isEqualTo(Floe.ExitCodes.USAGE);
    assertThat(bps.err()).contains("--bps must be in [0, 10000]");
    CliRun.Result unregistered = floe("node", "set-commission", "--config", y.config().toString(), "--bps", "5");
    assertThat(unregistered.exitCode()).as(unregistered.toString()).isEqualTo(Floe.ExitCodes.NOT_FOUND);
    assertThat(unregistered.err()).contains("not registered");
    assertThat(floe("node", "collect-commission", "--config", y.config().toString()).exitCode())
        .isEqualTo(Floe.ExitCodes.NOT_FOUND);
    CliRun.Result nothing = floe("node", "update", "--config", z.config().toString());
    assertThat(nothing.exitCode()).as(nothing.toString()).isEqualTo(Floe.ExitCodes.USAGE);
    assertThat(nothing.err()).contains("nothing to update");
    assertThat(floe("node", "update", "--config", z.config().toString(), "--name", " ").exitCode())
        .isEqualTo(Floe.ExitCodes.USAGE);
    CliRun.Result price = floe("node", "update", "--config", z.config().toString(), "--write-price", "-1");
    assertThat(price.exitCode()).as(price.toString()).isEqualTo(Floe.ExitCodes.USAGE);
    assertThat(price.err()).contains("--write-price must be in [0, 18446744073709551615]");

    CliRun.Result badNode = floe(as(3, "stake", "add", "--node", "0x12", "--amount", "1"));
    assertThat(badNode.exitCode()).as(badNode.toString()).isEqualTo(Floe.ExitCodes.USAGE);
    assertThat(badNode.err()).contains("--node").contains("40 hex digits");
    CliRun.Result noNode = floe(as(3, "stake", "add", "--node", y.address().toHex(), "--amount", "1"));
    assertThat(noNode.exitCode()).as(noNode.toString()).isEqualTo(Floe.ExitCodes.NOT_FOUND);
    assertThat(noNode.err()).contains("is not registered");
    CliRun.Result zero = floe(as(3, "stake", "add", "--node", z.address().toHex(), "--amount", "0"));
    assertThat(zero.exitCode()).as(zero.toString()).isEqualTo(Floe.ExitCodes.USAGE);
    CliRun.Result broke = floe(as(5, "stake", "add", "--node", z.address().toHex(), "--amount", "5"));
    assertThat(broke.exitCode()).as(broke.toString()).isEqualTo(Floe.ExitCodes.REFUSED);
    assertThat(broke.err()).contains("holds 0 FLOE, not enough to stake 5 FLOE");
    assertThat(Await.result(admin.stakesOf(EvmAccount.devAccount(5).address()))).isEmpty();

    CliRun.Result badOwner = floe(readOnly("stake", "list", "--owner", "nobody"));
    assertThat(badOwner.exitCode()).as(badOwner.toString()).isEqualTo(Floe.ExitCodes.USAGE);
    assertThat(badOwner.err()).contains("--owner");
    CliRun.Result whose = floe(readOnly("stake", "list"));
    assertThat(whose.exitCode()).as(whose.toString()).isEqualTo(Floe.ExitCodes.USAGE);
    assertThat(whose.err()).contains("--owner");
    CliRun.Result none = floe(readOnly("stake", "list", "--owner", y.address().toHex()));
    assertThat(none.exitCode()).as(none.toString()).isZero();
    assertThat(none.out()).contains("no stake positions of " + y.address().toHex());
    CliRun.Result malformed = floe(readOnly("stake", "info", "0x12"));
    assertThat(malformed.exitCode()).as(malformed.toString()).isEqualTo(Floe.ExitCodes.BAD_INPUT);
    for (String[] command : List.of(readOnly("stake", "info", unknown), as(3, "stake", "withdraw", unknown),
        as(3, "stake", "request-withdrawal", unknown))) {
      CliRun.Result r = floe(command);
      assertThat(r.exitCode()).as(r.toString()).isEqualTo(Floe.ExitCodes.NOT_FOUND);
      assertThat(r.err()).contains("no stake position " + unknown);
    }
    try (ControlPlane cp = EvmControlPlane.connect(EvmConfig.local(anvil.rpcUrl()), deployment,
        EvmAccount.devAccount(3))) {
      // the contract's refusal itself, without the commands' pre-checks
      assertThatThrownBy(() -> ChainCalls.await(cp.withdrawStake(ObjectId.parse(unknown))))
          .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(Floe.ExitCodes.NOT_FOUND))
          .hasMessageContaining("StakeNotFound");
    }

    CliRun.Result neither = floe("node", "status");
    assertThat(neither.exitCode()).as(neither.toString()).isEqualTo(Floe.ExitCodes.USAGE);
    CliRun.Result both = floe(readOnly("node", "status", "--config", y.config().toString()));
    assertThat(both.exitCode()).as(both.toString()).isEqualTo(Floe.ExitCodes.USAGE);
    CliRun.Result notRegistered = floe(readOnly("node", "status", "--node", y.address().toHex(), "--json"));
    assertThat(notRegistered.exitCode()).as(notRegistered.toString()).isEqualTo(Floe.ExitCodes.NOT_FOUND);
    assertThat(notRegistered.json().path("registered").asBoolean()).isFalse();
  }

  @Test
  void theChainsRefusalsMapToExitCodesByReason() {
    assertThat(ClientErrors.toCli(new NotFoundException("StakeNotFound(0x01)", "StakeNotFound", List.of("0x01")))
        .exitCode()).isEqualTo(Floe.ExitCodes.NOT_FOUND);
    assertThat(ClientErrors.toCli(new UnauthorizedException("NodeNotRegistered(0x02)", "NodeNotRegistered",
        List.of("0x02"))).exitCode()).isEqualTo(Floe.ExitCodes.NOT_FOUND);
    assertThat(ClientErrors.toCli(new UnauthorizedException("NotStakeOwner(0x01, 0x02)", "NotStakeOwner",
        List.of("0x01", "0x02"))).exitCode()).isEqualTo(Floe.ExitCodes.REFUSED);
    assertThat(ClientErrors.toCli(new EpochStateException("WithdrawalNotYetEffective(0x01, 4, 2)",
        "WithdrawalNotYetEffective", List.of("0x01", "4", "2"))).exitCode()).isEqualTo(Floe.ExitCodes.NOT_YET);
    assertThat(ClientErrors.toCli(new EpochStateException("TooEarly(1, 2)", "TooEarly", List.of("1", "2")))
        .exitCode()).isEqualTo(Floe.ExitCodes.REFUSED);
  }
}
