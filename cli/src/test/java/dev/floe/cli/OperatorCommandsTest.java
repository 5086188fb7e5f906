package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.controlplane.Address;
import dev.floe.controlplane.Deployment;
import dev.floe.controlplane.NodeInfo;
import dev.floe.controlplane.TokenAmount;
import dev.floe.controlplane.evm.EvmAccount;
import dev.floe.controlplane.evm.EvmConfig;
import dev.floe.controlplane.evm.EvmControlPlane;
import dev.floe.testkit.AnvilNode;
import dev.floe.testkit.Await;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator commands on a real anvil, run exactly as {@code ./floe} runs them (in-process through
 * {@link Floe#commandLine()}): {@code deploy} with a development key and with an encrypted keystore,
 * {@code node keygen}, {@code node register} and {@code node stake} from a YAML config, their
 * {@code --json} output checked against the chain, and the exit codes of their failures.
 */
class OperatorCommandsTest {
  private static final String PASSWORD = "operator password 7f3a";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static AnvilNode anvil;

  @BeforeAll
  static void startChain() {
    anvil = AnvilNode.start();
  }

  @AfterAll
  static void stopChain() {
    if (anvil != null) {
      anvil.close();
    }
  }

  private static CliRun.Result floe(String... args) {
    return CliRun.run(args);
  }

  @Test
  void deployWithADevelopmentKeyPrintsAndWritesTheDeployment() throws Exception {
    Path file = dir.resolve("dev-deployment.json");
    CliRun.Result r = floe("deploy", "--rpc", anvil.rpcUrl(), "--dev-key", "0", "--n-shards", "10",
        "--epoch-duration", "2h", "--out", file.toString(), "--json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    Deployment written = Deployment.load(file);
    assertThat(Deployment.fromJson(r.out())).isEqualTo(written);
    assertThat(written.chainId()).isEqualTo(anvil.chainId());
    assertThat(written.deployer()).isEqualTo(EvmAccount.devAccount(0).address());
    assertThat(written.parameters().nShards()).isEqualTo(10);
    assertThat(written.parameters().epochDuration()).isEqualTo(Duration.ofHours(2));
    assertThat(written.parameters().faucetEnabled()).as("faucet defaults to on with a dev key").isTrue();
    for (Address contract : new Address[] {written.contracts().token(), written.contracts().staking(),
        written.contracts().system()}) {
      String code = anvil.rpc("eth_getCode", "\"" + contract.toHex() + "\"", "\"latest\"");
      assertThat(code.length()).as("bytecode at " + contract).isGreaterThan(100);
    }
  }

  @Test
  void deployWithAnEncryptedKeystoreAndRegisterAndStakeANode() throws Exception {
    Path password = Files.writeString(dir.resolve("password.txt"), PASSWORD + "\n");

    // the deployer's keys, made by the CLI itself
    CliRun.Result deployerKeys = floe("node", "keygen", "--out", dir.resolve("deployer").toString(),
        "--password-file", password.toString(), "--json");
    assertThat(deployerKeys.exitCode()).as(deployerKeys.toString()).isZero();
    assertThat(deployerKeys.out()).doesNotContain(PASSWORD);
    Path deployerWallet = Path.of(deployerKeys.json().path("wallet").path("keystore").asText());
    Address deployer = Address.parse(deployerKeys.json().path("wallet").path("address").asText());
    anvil.setBalance(deployer.toHex(), BigInteger.TEN.pow(20));

    Path deploymentFile = dir.resolve("deployment.json");
    CliRun.Result deploy = floe("deploy", "--rpc", anvil.rpcUrl(), "--key-file", deployerWallet.toString(),
        "--password-file", password.toString(), "--n-shards", "10", "--epoch-duration", "10m",
        "--out", deploymentFile.toString());
    assertThat(deploy.exitCode()).as(deploy.toString()).isZero();
    assertThat(deploy.out()).contains("deployed Floe").contains(deploymentFile.toAbsolutePath().toString());
    assertThat(deploy.out() + deploy.err()).doesNotContain(PASSWORD);
    Deployment deployment = Deployment.load(deploymentFile);
    assertThat(deployment.deployer()).isEqualTo(deployer);
    assertThat(deployment.parameters().epochDuration()).isEqualTo(Duration.ofMinutes(10));
    assertThat(deployment.parameters().faucetEnabled()).as("no faucet without --faucet on a real key").isFalse();

    // the operator: keys, gas, tokens from the deployer (who holds the initial supply), a YAML config
    CliRun.Result keys = floe("node", "keygen", "--out", dir.resolve("keys").toString(), "--password-file",
        password.toString(), "--json");
    assertThat(keys.exitCode()).as(keys.toString()).isZero();
    Address operator = Address.parse(keys.json().path("wallet").path("address").asText());
    CliRun.Result secondKeygen = floe("node", "keygen", "--out", dir.resolve("keys").toString(), "--password-file",
        password.toString());
    assertThat(secondKeygen.exitCode()).as("keygen never adds a second key next to a node's keys").isEqualTo(3);
    assertThat(secondKeygen.err()).contains("already holds a keystore");
    try (var protocolFiles = Files.list(dir.resolve("keys/protocol")); var walletFiles = Files.list(dir.resolve("keys/wallet"))) {
      assertThat(protocolFiles.count() + walletFiles.count()).isEqualTo(2);
    }
    anvil.setBalance(operator.toHex(), BigInteger.TEN.pow(20));
    EvmAccount deployerAccount = dev.floe.controlplane.evm.Keystores.loadAccount(deployerWallet, PASSWORD.toCharArray());
    try (EvmControlPlane admin = EvmControlPlane.connect(EvmConfig.local(anvil.rpcUrl()), deployment, deployerAccount)) {
      Await.result(admin.transfer(operator, TokenAmount.ofTokens(100)));
    }
    Path config = Files.writeString(dir.resolve("node.yaml"), """
        name: operator-node
        storage_path: data
        rest_api: {port: 9185, public_url: "http://node.example:9185"}
        metrics: {enabled: false}
        chain: {rpc_url: "%s", deployment_file: deployment.json}
        keys:
          protocol_keystore: %s
          wallet_keystore: %s
          password_file: password.txt
        """.formatted(anvil.rpcUrl(), keys.json().path("protocolKey").path("keystore").asText(),
            keys.json().path("wallet").path("keystore").asText()));

    CliRun.Result register = floe("node", "register", "--config", config.toString(), "--commission-bps", "750", "--json");
    assertThat(register.exitCode()).as(register.toString()).isZero();
    assertThat(register.json().path("nodeId").asText()).isEqualToIgnoringCase(operator.toHex());
    assertThat(register.json().path("networkAddress").asText()).isEqualTo("http://node.example:9185");
    CliRun.Result stake = floe("node", "stake", "--config", config.toString(), "--amount", "12.5", "--json");
    assertThat(stake.exitCode()).as(stake.toString()).isZero();
    assertThat(stake.json().path("units").asText()).isEqualTo("12500000000");
    assertThat(register.out() + register.err() + stake.out() + stake.err()).doesNotContain(PASSWORD);

    try (EvmControlPlane reader = EvmControlPlane.connect(EvmConfig.local(anvil.rpcUrl()), deployment,
        EvmAccount.devAccount(9))) {
      Optional<NodeInfo> node = Await.result(reader.node(operator));
      assertThat(node).as("registered on-chain").isPresent();
      assertThat(node.get().name()).isEqualTo("operator-node");
      assertThat(node.get().networkAddress()).isEqualTo("http://node.example:9185");
      assertThat(node.get().commissionBps()).isEqualTo(750);
      assertThat(node.get().protocolKeyAddress().toHex())
          .isEqualToIgnoringCase(keys.json().path("protocolKey").path("address").asText());
      assertThat(node.get().nextEpochStake()).isEqualTo(new TokenAmount(new BigInteger("12500000000")));
    }

    // refusals: registering twice, more than the wallet holds, a stake below one base unit, a chain that
    // does not answer, a missing config
    CliRun.Result again = floe("node", "register", "--config", config.toString());
    assertThat(again.exitCode()).as(again.toString()).isEqualTo(Floe.ExitCodes.REFUSED);
    assertThat(again.err()).startsWith("error: ").contains("NodeAlreadyRegistered");
    CliRun.Result tooMuch = floe("node", "stake", "--config", config.toString(), "--amount", "1000");
    assertThat(tooMuch.exitCode()).as(tooMuch.toString()).isEqualTo(Floe.ExitCodes.REFUSED);
    assertThat(tooMuch.err()).as("the token's revert in tokens, not raw units")
        .contains("the wallet " + operator.toHex().toLowerCase(java.util.Locale.ROOT) + " holds 87.5 FLOE, not enough:"
            + " this transaction needs 1000 FLOE");
    CliRun.Result tooPrecise = floe("node", "stake", "--config", config.toString(), "--amount", "0.0000000001");
    assertThat(tooPrecise.exitCode()).as(tooPrecise.toString()).isEqualTo(Floe.ExitCodes.USAGE);
    assertThat(tooPrecise.err()).contains("decimals");
    int deadPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      deadPort = s.getLocalPort();
    }
    Path stoppedChain = Files.writeString(dir.resolve("node-stopped-chain.yaml"),
        Files.readString(config).replace(anvil.rpcUrl(), "http://127.0.0.1:" + deadPort));
    CliRun.Result chainDown = floe("node", "status", "--config", stoppedChain.toString());
    assertThat(chainDown.exitCode()).as(chainDown.toString()).isEqualTo(Floe.ExitCodes.UNREACHABLE);
    assertThat(chainDown.err()).as("a loopback chain that does not answer: say what to check")
        .contains("127.0.0.1:" + deadPort).contains("is the chain running?").contains("./floe localnet up");
    CliRun.Result noConfig = floe("node", "stake", "--config", dir.resolve("absent.yaml").toString(), "--amount", "1");
    assertThat(noConfig.exitCode()).as(noConfig.toString()).isEqualTo(Floe.ExitCodes.BAD_INPUT);
  }

  @Test
  void deployRefusesBadKeysBadParametersAndAnUnreachableChainWithDistinctExitCodes() throws Exception {
    Path password = Files.writeString(dir.resolve("refusals-password.txt"), PASSWORD + "\n");
    Path wrongPassword = Files.writeString(dir.resolve("wrong-password.txt"), "not the password\n");
    CliRun.Result keys = floe("node", "keygen", "--out", dir.resolve("refusals").toString(), "--password-file",
        password.toString(), "--json");
    assertThat(keys.exitCode()).as(keys.toString()).isZero();
    String wallet = keys.json().path("wallet").path("keystore").asText();
    String rpc = anvil.rpcUrl();

    CliRun.Result missing = floe("deploy", "--rpc", rpc, "--key-file", dir.resolve("absent.json").toString(),
        "--password-file", password.toString(), "--n-shards", "10", "--epoch-duration", "1h");
    assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(Floe.ExitCodes.BAD_INPUT);
    assertThat(missing.err()).contains("does not exist");

    CliRun.Result wrong = floe("deploy", "--rpc", rpc, "--key-file", wallet, "--password-file", wrongPassword.toString(),
        "--n-shards", "10", "--epoch-duration", "1h");
    assertThat(wrong.exitCode()).as(wrong.toString()).isEqualTo(Floe.ExitCodes.BAD_INPUT);
    assertThat(wrong.err()).contains("wrong password").doesNotContain("not the password");

    CliRun.Result duration = floe("deploy", "--rpc", rpc, "--dev-key", "0", "--n-shards", "10", "--epoch-duration", "ten minutes");
    assertThat(duration.exitCode()).as(duration.toString()).isEqualTo(Floe.ExitCodes.USAGE);
    assertThat(duration.err()).contains("epoch duration");

    CliRun.Result badUrl = floe("deploy", "--rpc", "no url", "--dev-key", "0", "--n-shards", "10", "--epoch-duration", "1h");
    assertThat(badUrl.exitCode()).as(badUrl.toString()).isEqualTo(Floe.ExitCodes.USAGE);
    assertThat(badUrl.err()).contains("--rpc");

    CliRun.Result noKey = floe("deploy", "--rpc", rpc, "--n-shards", "10", "--epoch-duration", "1h");
    assertThat(noKey.exitCode()).as("picocli usage error: " + noKey).isEqualTo(Floe.ExitCodes.USAGE);

    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Path untouched = dir.resolve("never-written.json");
    CliRun.Result unreachable = floe("deploy", "--rpc", "http://127.0.0.1:" + closedPort, "--dev-key", "0",
        "--n-shards", "10", "--epoch-duration", "1h", "--out", untouched.toString());
    assertThat(unreachable.exitCode()).as(unreachable.toString()).isEqualTo(Floe.ExitCodes.UNREACHABLE);
    assertThat(Files.exists(untouched)).isFalse();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("never-written"));
    }
  }
}
