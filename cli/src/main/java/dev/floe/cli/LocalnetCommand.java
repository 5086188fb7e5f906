package dev.floe.cli;

import dev.floe.localnet.LocalNetwork;
import dev.floe.localnet.LocalnetException;
import dev.floe.localnet.LocalnetLayout;
import dev.floe.localnet.LocalnetState;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code floe localnet up|down|status|stop-node|start-node|add-node|advance-epoch|bench}: a whole Floe
 * network on this machine (anvil, contracts, storage nodes as separate processes, the daemon),
 * with its state in one directory ({@code .floe-localnet/} at the repository root by default).
 */
@Command(
    name = "localnet",
    mixinStandardHelpOptions = true,
    description = "Run a local Floe network: anvil + contracts + storage nodes + publisher/aggregator.",
    subcommands = {
      LocalnetCommand.Up.class,
      LocalnetCommand.Down.class,
      LocalnetCommand.Status.class,
      LocalnetCommand.StopNode.class,
      LocalnetCommand.StartNode.class,
      LocalnetCommand.AddNode.class,
      LocalnetCommand.AdvanceEpoch.class,
      LocalnetCommand.Bench.class,
      CommandLine.HelpCommand.class
    })
final class LocalnetCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The localnet directory option. */
  static final class DirOption {
    @Option(
        names = {"--dir", "--localnet-dir"},
        paramLabel = "DIR",
        description = "localnet directory (default: $FLOE_LOCALNET_DIR, else .floe-localnet at the repository root)")
    Path dir;

    LocalnetLayout layout() {
      return LocalnetLayout.resolve(dir);
    }
  }

  static void printJson(PrintWriter out, com.fasterxml.jackson.databind.JsonNode node) {
    new ClientOutput(out, true).printJson(node);
  }

  static LocalNetwork attach(DirOption dir) {
    try {
      return LocalNetwork.attach(dir.layout(), line -> System.err.println("localnet: " + line));
    } catch (LocalnetException e) {
      throw new CliException(Floe.ExitCodes.UNREACHABLE, e.getMessage());
    }
  }

  /** {@code floe localnet up}. */
  @Command(
      name = "up",
      mixinStandardHelpOptions = true,
      description = "Start the localnet (set it up on first use), store and read a demo blob, and keep"
          + " running until Ctrl-C (or return at once with --detach).")
  static final class Up implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @CommandLine.Mixin DirOption dir;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Option(names = "--nodes", defaultValue = "4", description = "storage nodes (default 4)")
    int nodes;

    @Option(names = "--shards", defaultValue = "100", description = "shards (default 100)")
    int shards;

    @Option(names = "--epoch-duration", defaultValue = "3600", paramLabel = "SECONDS",
        description = "epoch length in seconds (default 3600)")
    long epochSeconds;

    @Option(names = "--fresh", description = "stop and wipe an existing localnet first")
    boolean fresh;

    @Option(names = "--detach", description = "leave the localnet running in the background and return")
    boolean detach;

    @Option(names = "--no-demo", description = "skip storing and reading the demo blob")
    boolean noDemo;

    @Override
    public Integer call() throws Exception {
      checkOptions(nodes, shards, epochSeconds);
      PrintWriter out = spec.commandLine().getOut();
      LocalnetLayout layout = dir.layout();
      if (!fresh) {
        try {
          LocalNetwork existing = LocalNetwork.attach(layout, line -> {});
          if (existing.isRunning()) {
            if (json) {
              printJson(out, dev.floe.localnet.LocalnetReport.json(existing.state(), layout, null).put("alreadyRunning", true));
            } else {
              out.println("The localnet in " + layout.dir() + " is already running.");
              dev.floe.localnet.LocalnetReport.print(out, existing.state(), layout, null);
            }
            existing.detach();
            return Floe.ExitCodes.OK;
          }
        } catch (LocalnetException e) {
          // none yet: set one up below
        }
      }
      LocalNetwork net =
          LocalNetwork.builder()
              .layout(layout)
              .nodes(nodes)
              .shards(shards)
              .epochDuration(Duration.ofSeconds(epochSeconds))
              .fresh(fresh)
              .log(line -> System.err.println("localnet: " + line))
              .build();
      Thread stopper = new Thread(() -> {
        System.err.println("localnet: stopping...");
        net.close();
        System.err.println("localnet: stopped");
      }, "localnet-stop");
      if (!detach) {
        Runtime.getRuntime().addShutdownHook(stopper);
      }
      try {
        net.start();
      } catch (RuntimeException e) {
        if (detach) {
          net.close();
        }
        throw ClientErrors.toCli(e);
      }
      String demo = null;
      if (!noDemo) {
        demo = dev.floe.localnet.LocalnetReport.demo(net.daemonUrl());
      }
      if (json) {
        printJson(out, dev.floe.localnet.LocalnetReport.json(net.state(), layout, demo).put("detached", detach));
      } else {
        dev.floe.localnet.LocalnetReport.print(out, net.state(), layout, demo);
      }
      if (detach) {
        if (!json) {
          out.println("Running in the background; stop it with: ./floe localnet down");
        }
        out.flush();
        net.detach();
        return Floe.ExitCodes.OK;
      }
      if (!json) {
        out.println("Press Ctrl-C to stop the localnet.");
      }
      out.flush();
      while (!Thread.currentThread().isInterrupted()) {
        Thread.sleep(5_000);
        try {
          net.epochDriver().tick();
        } catch (RuntimeException e) {
          System.err.println("localnet: epoch driver: " + e.getMessage());
        }
      }
      return Floe.ExitCodes.OK;
    }
  }

  /**
   * Refuses sizes a localnet cannot have (usage, exit 2) before anything starts: at least 1 node and
   * 4 shards, no more nodes than shards, epochs of at least one second.
   */
  static void checkOptions(int nodes, int shards, long epochSeconds) {
    if (nodes < 1 || shards < 4 || nodes > shards) {
      throw new CliException(Floe.ExitCodes.USAGE, "--nodes must be at least 1 and --shards at least 4, with no more"
          + " nodes than shards; got --nodes " + nodes + " --shards " + shards);
    }
    if (epochSeconds < 1) {
      throw new CliException(Floe.ExitCodes.USAGE, "--epoch-duration must be at least 1 second, got " + epochSeconds);
    }
  }

  /** {@code floe localnet down}. */
  @Command(name = "down", mixinStandardHelpOptions = true, description = "Stop every process of the localnet.")
  static final class Down implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @CommandLine.Mixin DirOption dir;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
      int stopped = LocalNetwork.down(dir.layout());
      if (json) {
        printJson(spec.commandLine().getOut(), ClientOutput.JSON.createObjectNode()
            .put("dir", dir.layout().dir().toString()).put("stoppedProcesses", stopped));
      } else {
        spec.commandLine().getOut().println(
            stopped == 0 ? "Nothing was running in " + dir.layout().dir() : "Stopped " + stopped + " processes.");
      }
      return Floe.ExitCodes.OK;
    }
  }

  /** {@code floe localnet status}. */
  @Command(name = "status", mixinStandardHelpOptions = true, description = "Show which localnet processes run.")
  static final class Status implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @CommandLine.Mixin DirOption dir;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
      LocalNetwork net = attach(dir);
      PrintWriter out = spec.commandLine().getOut();
      LocalnetState state = net.state();
      if (json) {
        var root = dev.floe.localnet.LocalnetReport.json(state, dir.layout(), null);
        root.put("chainRunning", net.isChainRunning());
        root.put("daemonRunning", net.isDaemonRunning());
        if (state.indexerUrl() != null) {
          root.put("indexerRunning", net.isIndexerRunning());
        }
        for (var node : root.withArray("nodes")) {
          ((com.fasterxml.jackson.databind.node.ObjectNode) node).put("running", net.isNodeRunning(node.path("index").asInt()));
        }
        printJson(out, root);
        net.detach();
        return net.isRunning() ? Floe.ExitCodes.OK : Floe.ExitCodes.UNREACHABLE;
      }
      out.printf("%-10s %-8s %s%n", "anvil", net.isChainRunning() ? "running" : "stopped", state.rpcUrl());
      for (LocalnetState.NodeEntry n : state.nodes()) {
        out.printf("%-10s %-8s %s%n", n.name(), net.isNodeRunning(n.index()) ? "running" : "stopped", n.restUrl());
      }
      out.printf("%-10s %-8s %s%n", "daemon", net.isDaemonRunning() ? "running" : "stopped", state.daemonUrl());
      if (state.indexerUrl() != null) {
        out.printf("%-10s %-8s %s%n", "indexer", net.isIndexerRunning() ? "running" : "stopped", state.indexerUrl());
      }
      net.detach();
      return net.isRunning() ? Floe.ExitCodes.OK : Floe.ExitCodes.UNREACHABLE;
    }
  }

  /** {@code floe localnet stop-node I}. */
  @Command(name = "stop-node", mixinStandardHelpOptions = true, description = "Stop storage node I (to play with faults).")
  static final class StopNode extends Attached {
    @Parameters(index = "0", paramLabel = "I", description = "node index (0-based)")
    int index;

    @Override
    Outcome act(LocalNetwork net) {
      boolean wasRunning = net.stopNode(index);
      String name = LocalnetLayout.nodeName(index);
      return new Outcome(ClientOutput.JSON.createObjectNode().put("node", name).put("wasRunning", wasRunning),
          wasRunning ? "Stopped " + name + "." : name + " was not running.");
    }

    @Override
    int failureExitCode() {
      return Floe.ExitCodes.USAGE;
    }

    @Override
    boolean needsChain() {
      return false;
    }
  }

  /** {@code floe localnet start-node I}. */
  @Command(name = "start-node", mixinStandardHelpOptions = true, description = "Start storage node I again.")
  static final class StartNode extends Attached {
    @Parameters(index = "0", paramLabel = "I", description = "node index (0-based)")
    int index;

    @Override
    Outcome act(LocalNetwork net) {
      net.startNode(index);
      String name = LocalnetLayout.nodeName(index);
      String url = net.state().node(index).restUrl();
      return new Outcome(ClientOutput.JSON.createObjectNode().put("node", name).put("restUrl", url),
          "Started " + name + " at " + url + ".");
    }
  }

  /** {@code floe localnet add-node}. */
  @Command(
      name = "add-node",
      mixinStandardHelpOptions = true,
      description = "Register, stake and start one more storage node; it can join the committee (and pull its"
          + " shards from their previous owners) at the next epoch change, e.g. after 'localnet advance-epoch'.")
  static final class AddNode extends Attached {
    @Option(names = "--stake", defaultValue = "1000000", paramLabel = "TOKENS",
        description = "tokens to stake with the new node (default 1000000, what every localnet node stakes)")
    long stakeTokens;

    @Override
    Outcome act(LocalNetwork net) {
      if (stakeTokens < 1) {
        throw new CliException(Floe.ExitCodes.USAGE, "--stake must be at least 1 token, got " + stakeTokens);
      }
      LocalnetState.NodeEntry node = net.addNode(dev.floe.controlplane.TokenAmount.ofTokens(stakeTokens));
      return new Outcome(
          ClientOutput.JSON.createObjectNode().put("node", node.name()).put("index", node.index())
              .put("restUrl", node.restUrl()).put("operator", node.operator()).put("stakeTokens", stakeTokens),
          "Registered, staked and started " + node.name() + " (" + node.operator() + ") at " + node.restUrl()
              + ".\nIt joins the committee at the next epoch change: ./floe localnet advance-epoch");
    }
  }

  /** {@code floe localnet advance-epoch}. */
  @Command(
      name = "advance-epoch",
      mixinStandardHelpOptions = true,
      description = "Move the local chain's clock to the next epoch now (e.g. to watch blobs expire).")
  static final class AdvanceEpoch extends Attached {
    @Override
    Outcome act(LocalNetwork net) {
      int epoch = net.advanceEpoch();
      return new Outcome(ClientOutput.JSON.createObjectNode().put("epoch", epoch), "Now in epoch " + epoch + ".");
    }
  }

  /**
   * A subcommand that acts on a running localnet: attaches to it, acts, prints one line or a JSON
   * object, and leaves every process running.
   */
  abstract static class Attached implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @CommandLine.Mixin DirOption dir;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    /** What the command did: its JSON answer and its text answer. */
    record Outcome(com.fasterxml.jackson.databind.node.ObjectNode json, String text) {}

    abstract Outcome act(LocalNetwork net);

    /** The exit code when the localnet refuses the action. */
    int failureExitCode() {
      return Floe.ExitCodes.UNREACHABLE;
    }

    /** Whether the action needs the localnet's chain (anvil) running; stopping a node does not. */
    boolean needsChain() {
      return true;
    }

    @Override
    public final Integer call() {
      LocalNetwork net = attach(dir);
      try {
        if (needsChain() && !net.isChainRunning()) {
          throw new CliException(Floe.ExitCodes.UNREACHABLE, "the localnet in " + dir.layout().dir()
              + " is not running; start it with './floe localnet up'");
        }
        Outcome outcome = act(net);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
          printJson(out, outcome.json());
        } else {
          out.println(outcome.text());
        }
      } catch (LocalnetException e) {
        throw new CliException(failureExitCode(), e.getMessage());
      } finally {
        net.detach();
      }
      return Floe.ExitCodes.OK;
    }
  }

  /** {@code floe localnet bench}. */
  @Command(
      name = "bench",
      mixinStandardHelpOptions = true,
      description = "Measure store/read throughput and latency on a fresh localnet, next to core's encode/decode"
          + " throughput (prints a table).")
  static final class Bench implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--sizes", split = ",", defaultValue = "1,64,256", paramLabel = "MIB",
        description = "blob sizes in MiB (default 1,64,256)")
    java.util.List<Integer> sizes;

    @Option(names = "--repetitions", defaultValue = "3", description = "runs per size (median reported)")
    int repetitions;

    @Option(names = "--nodes", defaultValue = "4", description = "storage nodes (default 4)")
    int nodes;

    @Option(names = "--shards", defaultValue = "200",
        description = "shards (default 200: a 256 MiB blob needs at least 136; 100 shards hold at most 149 MB)")
    int shards;

    @Option(names = "--json", description = "print the results as JSON (progress and the table go to stderr)")
    boolean json;

    @Override
    public Integer call() throws Exception {
      Path dir = java.nio.file.Files.createTempDirectory("floe-bench-");
      PrintWriter progress = json ? new PrintWriter(System.err, true) : spec.commandLine().getOut();
      var rows = dev.floe.localnet.LocalnetBenchmark.run(
          new dev.floe.localnet.LocalnetBenchmark.Options(sizes, repetitions, nodes, shards, dir), progress);
      if (json) {
        var root = ClientOutput.JSON.createObjectNode().put("nodes", nodes).put("shards", shards)
            .put("repetitions", repetitions).put("cpuCores", Runtime.getRuntime().availableProcessors());
        var array = root.putArray("results");
        for (var r : rows) {
          array.addObject().put("sizeMiB", r.sizeMiB()).put("coreEncodeMBs", r.encodeMBs())
              .put("coreDecodeMBs", r.decodeMBs()).put("storeSeconds", r.storeSeconds()).put("storeMBs", r.storeMBs())
              .put("readSeconds", r.readSeconds()).put("readMBs", r.readMBs()).put("storePhases", r.phases());
        }
        printJson(spec.commandLine().getOut(), root);
      }
      return Floe.ExitCodes.OK;
    }
  }
}
