package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.localnet.LocalnetLayout;
import dev.floe.localnet.LocalnetState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code floe localnet start-node|add-node|advance-epoch} on a localnet that was set up and then
 * stopped ({@code localnet down}): they must say that the localnet is not running and how to start
 * it (exit 6), not try to start a node against a dead chain or print a connection error; {@code
 * stop-node} still answers that the node was not running. And {@code localnet up} with sizes no
 * localnet can have is a usage error (exit 2) before anything starts.
 */
class LocalnetStoppedTest {
  @TempDir Path dir;

  @Test
  void shouldAskToStartTheLocalnetBeforeActingOnAStoppedOne() {
    LocalnetLayout layout = LocalnetLayout.resolve(dir);
    stoppedLocalnet().save(layout);
    for (List<String> args : List.of(List.of("start-node", "0"), List.of("add-node"), List.of("advance-epoch"))) {
      Run r = floe(args, dir);
      assertThat(r.exitCode()).as("exit code of %s", args).isEqualTo(Floe.ExitCodes.UNREACHABLE);
      assertThat(r.stderr()).as("stderr of %s", args)
          .contains("the localnet in " + layout.dir() + " is not running; start it with './floe localnet up'")
          .doesNotContain("Exception");
      assertThat(r.stdout()).isEmpty();
    }
  }

  @Test
  void shouldStillSayThatAStoppedNodeWasNotRunning() {
    stoppedLocalnet().save(LocalnetLayout.resolve(dir));
    Run r = floe(List.of("stop-node", "1"), dir);
    assertThat(r.exitCode()).isEqualTo(Floe.ExitCodes.OK);
    assertThat(r.stdout()).contains("node-1 was not running.");
  }

  @Test
  void shouldRefuseImpossibleSizesAsUsageBeforeStartingAnything() {
    for (List<String> args : List.of(List.of("up", "--nodes", "0"), List.of("up", "--shards", "3"),
        List.of("up", "--nodes", "5", "--shards", "4"), List.of("up", "--epoch-duration", "0"))) {
      Run r = floe(args, dir);
      assertThat(r.exitCode()).as("exit code of %s", args).isEqualTo(Floe.ExitCodes.USAGE);
      assertThat(r.stderr()).as("stderr of %s", args).contains("error: --").doesNotContain("stopping");
    }
    assertThat(dir).isEmptyDirectory();
  }

  private record Run(int exitCode, String stdout, String stderr) {}

  private static Run floe(List<String> args, Path localnetDir) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Floe.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    String[] full = new String[args.size() + 3];
    full[0] = "localnet";
    for (int i = 0; i < args.size(); i++) {
      full[i + 1] = args.get(i);
    }
    full[args.size() + 1] = "--dir";
    full[args.size() + 2] = localnetDir.toString();
    int code = cl.execute(full);
    return new Run(code, out.toString(), err.toString());
  }

  /** The state file of a two-node localnet whose processes are all gone (no PID files). */
  private static LocalnetState stoppedLocalnet() {
    List<LocalnetState.NodeEntry> nodes = List.of(
        new LocalnetState.NodeEntry(0, "node-0", "http://127.0.0.1:1", 2, "0x" + "11".repeat(20)),
        new LocalnetState.NodeEntry(1, "node-1", "http://127.0.0.1:3", 4, "0x" + "22".repeat(20)));
    return new LocalnetState(LocalnetState.FORMAT, "http://127.0.0.1:5", 5, 31337, 100, 3600, nodes,
        "http://127.0.0.1:6", "wallets/client/none.json", "0x" + "33".repeat(20),
        new LocalnetState.Launcher("java", List.of(), "none.jar", Floe.class.getName()), "http://127.0.0.1:7/v1");
  }
}
