package dev.floe.localnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.floe.cli.Floe;
import dev.floe.controlplane.Address;
import dev.floe.controlplane.ControlPlane;
import dev.floe.controlplane.Deployment;
import dev.floe.controlplane.TokenAmount;
import dev.floe.controlplane.evm.EvmAccount;
import dev.floe.controlplane.evm.EvmConfig;
import dev.floe.controlplane.evm.EvmControlPlane;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code floe localnet} commands themselves, as a user runs them: {@code up --detach} (with the
 * demo round trip and {@code --json}), {@code up} again on a running localnet, {@code status},
 * {@code stop-node}/{@code start-node}, {@code advance-epoch}, {@code add-node} while epochs are being
 * advanced, client commands finding the localnet,
 * {@code down}, {@code up --fresh}; and the foreground {@code up} in its own process, which keeps
 * running until it gets SIGTERM and then stops everything it started.
 */
class LocalnetCliLifecycleIT {
  private static final int NODES = 4;
  private static final int SHARDS = 12;

  @TempDir Path tmp;
  private final List<Path> started = new ArrayList<>();

  @AfterEach
  void stopEverything() {
    for (Path dir : started) {
      LocalNetwork.down(new LocalnetLayout(dir));
    }
  }

  @Test
  void detachedLocalnetIsDrivenByTheLocalnetCommands() throws Exception {
    // laid out as the default localnet of a repository rooted at tmp/root
    Path dir = tmp.resolve("root").resolve(LocalnetLayout.DEFAULT_DIR_NAME);
    started.add(dir);
    CliRunner cli = new CliRunner(dir);

    CliRunner.Result up = up(cli, dir, "--detach", "--json", "--epoch-duration", "600");
    assertThat(up.exitCode()).as(up.toString()).isZero();
    JsonNode report = up.json();
    assertThat(report.path("detached").asBoolean()).isTrue();
    assertThat(report.path("nShards").asInt()).isEqualTo(SHARDS);
    assertThat(report.path("nodes")).hasSize(NODES);
    String demo = report.path("demoBlobId").asText();
    assertThat(demo).as("the demo blob was stored and read back").isNotEmpty();
    assertThat(Files.isRegularFile(Path.of(report.path("deploymentFile").asText()))).isTrue();

    // the client commands find the localnet, and the demo blob is there
    CliRunner.Result read = cli.run("read", demo, "--out", tmp.resolve("demo").toString());
    assertThat(read.exitCode()).as(read.toString()).isZero();
    assertThat(Files.readString(tmp.resolve("demo"))).startsWith("Hello from the Floe localnet!");
    assertThat(cli.run("info", "--json").json().path("committee").path("members")).hasSize(NODES);
    assertFoundWithoutOptions(cli, dir, report.path("chainId").asLong());

    CliRunner.Result again = up(cli, dir, "--detach", "--json");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.json().path("alreadyRunning").asBoolean()).isTrue();
    assertThat(again.json().path("rpcUrl").asText()).isEqualTo(report.path("rpcUrl").asText());

    JsonNode status = localnet(cli, dir, "status", "--json").json();
    assertThat(status.path("chainRunning").asBoolean()).isTrue();
    assertThat(status.path("daemonRunning").asBoolean()).isTrue();
    assertThat(status.path("indexerRunning").asBoolean()).isTrue();
    assertThat(status.path("nodes").findValues("running")).allMatch(JsonNode::asBoolean).hasSize(NODES);

    CliRunner.Result stop = localnet(cli, dir, "stop-node", "1", "--json");
    assertThat(stop.exitCode()).as(stop.toString()).isZero();
    assertThat(stop.json().path("wasRunning").asBoolean()).isTrue();
    CliRunner.Result degraded = localnet(cli, dir, "status", "--json");
    assertThat(degraded.exitCode()).as("a stopped node makes status fail: " + degraded).isEqualTo(Floe.ExitCodes.UNREACHABLE);
    assertThat(degraded.json().path("nodes").get(1).path("running").asBoolean()).isFalse();
    assertThat(cli.run("read", demo, "--out", tmp.resolve("demo-1-down").toString()).exitCode())
        .as("readable with one node of four down").isZero();
    CliRunner.Result restart = localnet(cli, dir, "start-node", "1", "--json");
    assertThat(restart.exitCode()).as(restart.toString()).isZero();
    assertThat(localnet(cli, dir, "status").exitCode()).isZero();

    CliRunner.Result noSuchNode = localnet(cli, dir, "stop-node", "9");
    assertThat(noSuchNode.exitCode()).as(noSuchNode.toString()).isEqualTo(Floe.ExitCodes.USAGE);

    int epoch = cli.run("info", "--json").json().path("epoch").path("currentEpoch").asInt();
    CliRunner.Result advanced = localnet(cli, dir, "advance-epoch", "--json");
    assertThat(advanced.exitCode()).as(advanced.toString()).isZero();
    assertThat(advanced.json().path("epoch").asInt()).isEqualTo(epoch + 1);

    // add-node while epochs are being advanced (another connection sending from the deployer's account):
    // add-node pays from its own account, so neither runs into the other's nonces
    TokenAmount deployerTokens = tokensOf(dir, EvmAccount.devAccount(LocalnetSettings.DEPLOYER_DEV_KEY).address());
    CompletableFuture<CliRunner.Result> adding =
        CompletableFuture.supplyAsync(() -> localnet(cli, dir, "add-node", "--stake", "1000", "--json"));
    int advances = 0;
    do {
      CliRunner.Result next = localnet(cli, dir, "advance-epoch", "--json");
      assertThat(next.exitCode()).as("advance-epoch during add-node: " + next).isZero();
      advances++;
    } while (!adding.isDone() && advances < 4);
    CliRunner.Result added = adding.get(3, TimeUnit.MINUTES);
    assertThat(added.exitCode()).as(added.toString()).isZero();
    assertThat(added.json().path("index").asInt()).isEqualTo(NODES);
    assertThat(tokensOf(dir, EvmAccount.devAccount(LocalnetSettings.DEPLOYER_DEV_KEY).address()))
        .as("the deployer paid nothing for the new node").isEqualTo(deployerTokens);
    assertThat(localnet(cli, dir, "status", "--json").json().path("nodes")).hasSize(NODES + 1);

    CliRunner.Result down = localnet(cli, dir, "down", "--json");
    assertThat(down.exitCode()).as(down.toString()).isZero();
    assertThat(down.json().path("stoppedProcesses").asInt()).as("anvil, the nodes, the daemon and the indexer")
        .isEqualTo(NODES + 1 + 3);
    assertThat(localnet(cli, dir, "status").exitCode()).isEqualTo(Floe.ExitCodes.UNREACHABLE);
    CliRunner.Result noNetwork = cli.run("info");
    assertThat(noNetwork.exitCode()).as(noNetwork.toString()).isNotZero();
    assertThat(noNetwork.err()).contains("localnet up");
    assertThat(localnet(cli, dir, "down", "--json").json().path("stoppedProcesses").asInt()).isZero();

    // --fresh wipes the old state: a new chain where the demo blob of the old one does not exist
    CliRunner.Result fresh = up(cli, dir, "--fresh", "--detach", "--no-demo", "--json");
    assertThat(fresh.exitCode()).as(fresh.toString()).isZero();
    assertThat(fresh.json().has("demoBlobId")).isFalse();
    assertThat(cli.run("info", "--json").json().path("epoch").path("currentEpoch").asInt()).isEqualTo(epoch);
    JsonNode blobStatus = cli.run("blob-status", demo, "--json").json();
    assertThat(blobStatus.path("available").asBoolean()).isFalse();
    assertThat(localnet(cli, dir, "down").exitCode()).isZero();
  }

  @Test
  void foregroundLocalnetRunsUntilSigtermAndThenStopsEverything() throws Exception {
    Path dir = tmp.resolve("foreground");
    started.add(dir);
    CliRunner cli = new CliRunner(dir);
    List<String> command = ProcessLauncher.ofCurrentJvm().command(List.of("-Xmx512m"), List.of(
        "localnet", "up", "--localnet-dir", dir.toString(), "--nodes", Integer.toString(NODES),
        "--shards", Integer.toString(SHARDS), "--no-demo"));
    Path log = tmp.resolve("localnet-up.log");
    Process up = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
      while (!Files.readString(log).contains("Press Ctrl-C") && up.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      String printed = Files.readString(log);
      assertThat(printed).as("output of localnet up").contains("Press Ctrl-C to stop the localnet.");
      assertThat(printed).contains("publisher/aggregator").contains("storage node node-0").contains("Try next:");
      Thread.sleep(2_000);
      assertThat(up.isAlive()).as("keeps running").isTrue();
      assertThat(localnet(cli, dir, "status").exitCode()).as("every process runs").isZero();
    } finally {
      up.destroy(); // SIGTERM, as Ctrl-C or a service manager would
      assertThat(up.waitFor(2, TimeUnit.MINUTES)).as("stops after SIGTERM").isTrue();
    }
    assertThat(Files.readString(log)).contains("localnet: stopped");
    CliRunner.Result status = localnet(cli, dir, "status", "--json");
    assertThat(status.exitCode()).as(status.toString()).isEqualTo(Floe.ExitCodes.UNREACHABLE);
    assertThat(status.json().path("chainRunning").asBoolean()).isFalse();
    assertThat(status.json().path("daemonRunning").asBoolean()).isFalse();
    assertThat(status.json().path("indexerRunning").asBoolean()).isFalse();
    assertThat(status.json().path("nodes").findValues("running")).noneMatch(JsonNode::asBoolean);
  }

  /**
   * Client commands find the localnet by default: {@code $FLOE_LOCALNET_DIR}, else
   * {@code .floe-localnet} under the repository root ({@code floe.root}).
   */
  private static void assertFoundWithoutOptions(CliRunner cli, Path dir, long chainId) {
    String env = System.getenv(LocalnetLayout.ENV_DIR);
    boolean envSet = env != null && !env.isBlank();
    String previousRoot = System.getProperty("floe.root");
    System.setProperty("floe.root", dir.getParent().toString());
    try {
      assertThat(LocalnetLayout.resolve(null).dir())
          .isEqualTo(envSet ? Path.of(env).toAbsolutePath().normalize() : dir.toAbsolutePath().normalize());
      if (!envSet) {
        CliRunner.Result info = cli.runRaw("info", "--json");
        assertThat(info.exitCode()).as("info without --localnet-dir: " + info).isZero();
        assertThat(info.json().path("chain").path("chainId").asLong()).isEqualTo(chainId);
      }
    } finally {
      if (previousRoot == null) {
        System.clearProperty("floe.root");
      } else {
        System.setProperty("floe.root", previousRoot);
      }
    }
  }

  private static CliRunner.Result up(CliRunner cli, Path dir, String... options) {
    List<String> args = new ArrayList<>(List.of("localnet", "up", "--dir", dir.toString(),
        "--nodes", Integer.toString(NODES), "--shards", Integer.toString(SHARDS)));
    args.addAll(List.of(options));
    return cli.runRaw(args.toArray(String[]::new));
  }

  /** The token balance of {@code account} on the localnet in {@code dir}, read through a fresh connection. */
  private static TokenAmount tokensOf(Path dir, Address account) {
    LocalnetLayout layout = new LocalnetLayout(dir);
    LocalnetState state = LocalnetState.load(layout).orElseThrow();
    try (ControlPlane reader = EvmControlPlane.connect(EvmConfig.local(state.rpcUrl()),
        Deployment.load(layout.deploymentFile()), EvmAccount.generate(new java.security.SecureRandom()))) {
      return reader.balanceOf(account).join();
    }
  }

  private static CliRunner.Result localnet(CliRunner cli, Path dir, String command, String... options) {
    List<String> args = new ArrayList<>(List.of("localnet", command, "--localnet-dir", dir.toString()));
    args.addAll(List.of(options));
    return cli.runRaw(args.toArray(String[]::new));
  }
}
