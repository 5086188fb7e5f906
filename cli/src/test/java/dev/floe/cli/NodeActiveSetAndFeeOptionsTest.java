package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.client.daemon.DaemonConfig;
import dev.floe.controlplane.ActiveSetMember;
import dev.floe.controlplane.Address;
import dev.floe.controlplane.ControlPlane;
import dev.floe.controlplane.Deployment;
import dev.floe.controlplane.StakeInfo;
import dev.floe.controlplane.TokenAmount;
import dev.floe.controlplane.evm.EvmAccount;
import dev.floe.controlplane.evm.EvmConfig;
import dev.floe.controlplane.evm.EvmControlPlane;
import dev.floe.controlplane.evm.FeeSettings;
import dev.floe.controlplane.evm.Keystores;
import dev.floe.testkit.AnvilNode;
import dev.floe.testkit.Await;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a real anvil chain whose active set has two places: {@code floe node join-active-set} (already
 * a member, not enough stake with the minimum or the lowest member's stake named, joined, for
 * another node with {@code --node}), and the fee options ({@code --fee-cap} really caps what a
 * transaction offers, for the client commands and {@code floe deploy}; {@code floe daemon} applies
 * them, over its config's {@code chain} section; malformed values and values the connection cannot
 * use are usage errors naming the option).
 */
class NodeActiveSetAndFeeOptionsTest {
  private static final String PASSWORD = "active set password 31c9";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static AnvilNode anvil;
  private static Deployment deployment;
  private static Path deploymentFile;
  private static EvmControlPlane admin;
  private static CliChain chain;

  @BeforeAll
  static void deploy() {
    chain = CliChain.deploy(dir, 2);
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

  /** An operator with keys made by {@code floe node keygen}, gas, 1000 tokens and a YAML config. */
  private record Operator(Path config, Address address, Path walletKeystore) {}

  private static Operator operator(String name) throws IOException {
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
    CliRun.Result register = floe("node", "register", "--config", config.toString());
    assertThat(register.exitCode()).as(register.toString()).isZero();
    return new Operator(config, address, Path.of(keys.json().path("wallet").path("keystore").asText()));
  }

  private static Set<Address> members() {
    return Await.result(admin.activeSet()).stream().map(ActiveSetMember::nodeId).collect(Collectors.toSet());
  }

  @Test
  void joinActiveSetSaysWhyANodeStaysOutAndPutsItInWhenItFits() throws Exception {
    Operator x = operator("x");
    Operator y = operator("y");
    Operator z = operator("z");

    CliRun.Result broke = floe("node", "join-active-set", "--config", z.config().toString(), "--json");
    assertThat(broke.exitCode()).as(broke.toString()).isEqualTo(Floe.ExitCodes.REFUSED);
    assertThat(broke.json().path("outcome").asText()).isEqualTo("stake_below_minimum");
    assertThat(broke.json().path("member").asBoolean()).isFalse();
    assertThat(broke.json().path("minStakeUnits").asText()).isEqualTo("50000000000");
    assertThat(broke.json().path("message").asText()).contains("the minimum is 50 FLOE");

    StakeInfo xStake;
    try (EvmControlPlane xChain = EvmControlPlane.connect(EvmConfig.local(anvil.rpcUrl()), deployment,
        Keystores.loadAccount(x.walletKeystore(), PASSWORD.toCharArray()))) {
      xStake = Await.result(xChain.stake(x.address(), TokenAmount.ofTokens(100)));
      assertThat(floe("node", "stake", "--config", y.config().toString(), "--amount", "200").exitCode()).isZero();
      // z's 100 only ties with x, the lowest member: a tie keeps the member
      assertThat(floe("node", "stake", "--config", z.config().toString(), "--amount", "100").exitCode()).isZero();
      assertThat(members()).isEqualTo(Set.of(x.address(), y.address()));

      CliRun.Result full = floe("node", "join-active-set", "--config", z.config().toString());
      assertThat(full.exitCode()).as(full.toString()).isEqualTo(Floe.ExitCodes.REFUSED);
      assertThat(full.out()).contains(z.address().toHex()).contains("not enough stake")
          .contains("its 2 places are taken").contains("lowest member has 100 FLOE");
      CliRun.Result fullJson = floe("node", "join-active-set", "--config", z.config().toString(), "--json");
      assertThat(fullJson.json().path("outcome").asText()).isEqualTo("set_full");
      assertThat(fullJson.json().path("lowestMemberStakeUnits").asText()).isEqualTo("100000000000");
      assertThat(fullJson.json().path("stakeUnits").asText()).isEqualTo("100000000000");

      CliRun.Result member = floe("node", "join-active-set", "--config", x.config().toString(), "--json");
      assertThat(member.exitCode()).as(member.toString()).isZero();
      assertThat(member.json().path("outcome").asText()).isEqualTo("already_active");

      // x takes its stake back and leaves: a place is free, but z was never evicted, so nobody refills it
      Await.result(admin.endVoting());
      Await.result(admin.initiateEpochChange());
      Await.result(xChain.requestWithdrawal(xStake.stakeId()));
      assertThat(members()).isEqualTo(Set.of(y.address()));
    }
    // anyone may ask for any node: y's operator puts z in
    CliRun.Result joined = floe("node", "join-active-set", "--config", y.config().toString(), "--node", z.address().toHex());
    assertThat(joined.exitCode()).as(joined.toString()).isZero();
    assertThat(joined.out()).contains("joined the active set").contains("2 of 2 places");
    assertThat(members()).isEqualTo(Set.of(y.address(), z.address()));

    CliRun.Result badNode = floe("node", "join-active-set", "--config", y.config().toString(), "--node", "0x12");
    assertThat(badNode.exitCode()).as(badNode.toString()).isEqualTo(Floe.ExitCodes.USAGE);
    assertThat(badNode.err()).contains("--node");
  }

  @Test
  void feeCapLimitsWhatTransactionsOfferAndBadFeeOptionsAreUsageErrors() {
    ClientOptions tooLow = options("1wei");
    try (ControlPlane cp = ClientContext.resolve(tooLow).connect()) {
      // a cap of 1 wei per gas is below the chain's base fee: the node refuses the transaction
      assertThatThrownBy(() -> Await.result(cp.mintFromFaucet(TokenAmount.ofTokens(1))))
          .hasStackTraceContaining("fee");
    }
    Address account = EvmAccount.devAccount(3).address();
    TokenAmount before = Await.result(admin.balanceOf(account));
    try (ControlPlane cp = ClientContext.resolve(options("500gwei")).connect()) {
      Await.result(cp.mintFromFaucet(TokenAmount.ofTokens(1)));
    }
    assertThat(Await.result(admin.balanceOf(account))).isEqualTo(before.plus(TokenAmount.ofTokens(1)));

    ClientOptions tooFast = options(null);
    tooFast.feeOptions.feeBumpAfter = "10ms";
    assertThatThrownBy(() -> ClientContext.resolve(tooFast).connect()).isInstanceOfSatisfying(CliException.class,
        e -> assertThat(e.exitCode()).isEqualTo(Floe.ExitCodes.USAGE))
        .hasMessageContaining("--fee-bump-after must be at least the receipt poll interval of 50 ms");

    CliRun.Result malformed = floe("info", "--deployment", deploymentFile.toString(), "--dev-key", "3", "--fee-cap", "lots");
    assertThat(malformed.exitCode()).as(malformed.toString()).isEqualTo(Floe.ExitCodes.USAGE);
    assertThat(malformed.err()).contains("--fee-cap must be a gas price such as 50gwei");
    CliRun.Result percent = floe("info", "--deployment", deploymentFile.toString(), "--dev-key", "3", "--fee-bump-percent", "5");
    assertThat(percent.exitCode()).as(percent.toString()).isEqualTo(Floe.ExitCodes.USAGE);
    assertThat(percent.err()).contains("--fee-bump-percent must be in [10, 1000]");
  }

  @Test
  void theDaemonAppliesTheFeeOptionsOverItsConfig() throws Exception {
    // the options reach the daemon's connection: a delay below its 50 ms receipt polls is refused there
    CliRun.Result fast = floe("daemon", "--deployment", deploymentFile.toString(), "--dev-key", "3", "--bind", "127.0.0.1:0",
        "--fee-cap", "50gwei", "--fee-bump-after", "10ms");
    assertThat(fast.exitCode()).as(fast.toString()).isEqualTo(Floe.ExitCodes.USAGE);
    assertThat(fast.err()).contains("--fee-bump-after must be at least the receipt poll interval of 50 ms, got 10 ms")
        .doesNotContain("not supported");

    Path config = Files.writeString(dir.resolve("daemon-fees.yaml"), """
        bind: {host: 127.0.0.1, port: 0}
        chain: {rpc_url: "%s", deployment_file: deployment.json, fee_cap: 40gwei, fee_bump_after_millis: 10}
        wallet: {dev_key: 3}
        """.formatted(anvil.rpcUrl()));
    CliRun.Result fromConfig = floe("daemon", "--config", config.toString());
    assertThat(fromConfig.exitCode()).as(fromConfig.toString()).isEqualTo(Floe.ExitCodes.BAD_INPUT);
    assertThat(fromConfig.err()).contains("chain.fee_bump_after_millis must be at least the receipt poll interval");
    CliRun.Result fromOption = floe("daemon", "--config", config.toString(), "--fee-bump-after", "20ms");
    assertThat(fromOption.exitCode()).as(fromOption.toString()).isEqualTo(Floe.ExitCodes.USAGE);
    assertThat(fromOption.err()).contains("--fee-bump-after must be at least the receipt poll interval of 50 ms, got 20 ms");
    CliRun.Result badPercent = floe("daemon", "--config", config.toString(), "--fee-bump-percent", "5");
    assertThat(badPercent.exitCode()).as(badPercent.toString()).isEqualTo(Floe.ExitCodes.USAGE);
    assertThat(badPercent.err()).contains("--fee-bump-percent must be in [10, 1000]");

    // each option given replaces the config's setting; the others stay
    DaemonConfig loaded = DaemonConfig.load(config);
    FeeSettings merged = DaemonCommand.connection(loaded, FeeSettings.parse(null, "2s", 30, ClientOptions.FEE_NAMES))
        .fees();
    assertThat(merged).isEqualTo(new FeeSettings(Optional.of(BigInteger.valueOf(40_000_000_000L)),
        Optional.of(Duration.ofSeconds(2)), OptionalInt.of(30)));
    assertThat(DaemonCommand.connection(loaded, FeeSettings.DEFAULTS).fees()).isEqualTo(loaded.chain().fees());
  }

  @Test
  void deployTakesTheFeeOptions() {
    String[] deploy = {"deploy", "--rpc", anvil.rpcUrl(), "--dev-key", "6", "--n-shards", "4", "--epoch-duration", "1h",
        "--json", "--out"};
    CliRun.Result badPercent = floe(concat(deploy, dir.resolve("d1.json").toString(), "--fee-bump-percent", "5"));
    assertThat(badPercent.exitCode()).as(badPercent.toString()).isEqualTo(Floe.ExitCodes.USAGE);
    assertThat(badPercent.err()).contains("--fee-bump-percent must be in [10, 1000]");
    CliRun.Result fast = floe(concat(deploy, dir.resolve("d2.json").toString(), "--fee-bump-after", "10ms"));
    assertThat(fast.exitCode()).as(fast.toString()).isEqualTo(Floe.ExitCodes.USAGE);
    assertThat(fast.err()).contains("--fee-bump-after must be at least the receipt poll interval of 50 ms");

    // a cap of 1 wei per gas is below the base fee: the first deployment transaction is refused
    CliRun.Result tooLow = floe(concat(deploy, dir.resolve("d3.json").toString(), "--fee-cap", "1wei"));
    assertThat(tooLow.exitCode()).as(tooLow.toString()).isNotZero();
    assertThat(tooLow.err()).containsIgnoringCase("fee");
    assertThat(dir.resolve("d3.json")).doesNotExist();
    CliRun.Result capped = floe(concat(deploy, dir.resolve("d4.json").toString(), "--fee-cap", "500gwei",
        "--fee-bump-after", "30s", "--fee-bump-percent", "20"));
    assertThat(capped.exitCode()).as(capped.toString()).isZero();
    assertThat(Deployment.load(dir.resolve("d4.json")).parameters().nShards()).isEqualTo(4);
  }

  private static String[] concat(String[] head, String... tail) {
    String[] all = Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }

  private static ClientOptions options(String feeCap) {
    ClientOptions o = new ClientOptions();
    o.deployment = deploymentFile;
    o.rpcUrl = anvil.rpcUrl();
    o.devKey = 3;
    o.feeOptions.feeCap = feeCap;
    return o;
  }

}
