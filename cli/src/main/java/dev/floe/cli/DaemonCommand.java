package dev.floe.cli;

import dev.floe.client.ChainConnection;
import dev.floe.client.ClientConfig;
import dev.floe.client.FloeClient;
import dev.floe.client.daemon.DaemonConfig;
import dev.floe.client.daemon.FloeDaemon;
import dev.floe.controlplane.ControlPlane;
import dev.floe.controlplane.evm.FeeSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code floe daemon --config FILE} (or {@code floe daemon [--bind HOST:PORT] [--max-body-size N]}
 * against the localnet or {@code --deployment}): runs the publisher/aggregator HTTP server until it
 * is stopped (SIGTERM / Ctrl-C). The config file works against any EVM RPC URL. {@code --fee-cap},
 * {@code --fee-bump-after} and {@code --fee-bump-percent} apply in both forms; with a config file
 * each one given overrides the {@code chain} section's setting.
 */
@Command(
    name = "daemon",
    mixinStandardHelpOptions = true,
    description = "Run the publisher/aggregator HTTP daemon (PUT/GET /v1/blobs).")
final class DaemonCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "daemon YAML config (see DaemonConfig)")
  Path config;

  @Option(names = "--bind", paramLabel = "HOST:PORT", description = "listen address (default 127.0.0.1:31415)")
  String bind;

  @Option(names = "--max-body-size", paramLabel = "BYTES",
      description = "largest blob accepted (default 10 MiB; may exceed 2 GiB: large bodies are spooled to disk)")
  Long maxBodyBytes;

  @Option(names = "--json", description = "print the listening address as JSON once the daemon runs")
  boolean json;

  @Mixin ClientOptions client;

  @Override
  public Integer call() throws Exception {
    String name;
    String host;
    int port;
    long limit;
    FloeDaemon.Limits limits = FloeDaemon.Limits.DEFAULTS;
    ChainConnection connection;
    FeeSettings.Names feeNames;
    ClientConfig clientConfig;
    if (config != null) {
      if (!Files.isRegularFile(config)) {
        throw new CliException(Floe.ExitCodes.BAD_INPUT, "daemon config not found: " + config);
      }
      DaemonConfig c;
      try {
        c = DaemonConfig.load(config);
      } catch (IllegalArgumentException e) {
        throw new CliException(Floe.ExitCodes.BAD_INPUT, e.getMessage());
      }
      name = c.name();
      String[] hostPort = listenAddress(c, bind);
      host = hostPort[0];
      port = Integer.parseInt(hostPort[1]);
      limits = c.limits();
      limit = maxBodyBytes != null ? maxBodyBytes : c.maxBodyBytes();
      FeeSettings overrides = client.fees();
      connection = connection(c, overrides);
      feeNames = DaemonConfig.Chain.FEE_NAMES.where(overrides, ClientOptions.FEE_NAMES);
      clientConfig = c.client().toClientConfig();
    } else {
      name = "daemon";
      String[] hostPort = parseBind(bind == null ? "127.0.0.1:" + DaemonConfig.DEFAULT_PORT : bind);
      host = hostPort[0];
      port = Integer.parseInt(hostPort[1]);
      limit = maxBodyBytes != null ? maxBodyBytes : DaemonConfig.DEFAULT_MAX_BODY_BYTES;
      connection = ClientContext.resolve(client).connection();
      feeNames = ClientOptions.FEE_NAMES;
      clientConfig = ClientConfig.defaults();
    }
    ControlPlane controlPlane;
    try {
      controlPlane = connection.connect(feeNames);
    } catch (FeeSettings.InvalidFeeSettingException e) {
      // only the bump delay can misfit the connection: a usage error if it came from the command line
      boolean option = feeNames.feeBumpAfter().equals(ClientOptions.FEE_NAMES.feeBumpAfter());
      throw new CliException(option ? Floe.ExitCodes.USAGE : Floe.ExitCodes.BAD_INPUT, e.getMessage());
    } catch (RuntimeException e) {
      throw ClientErrors.toCli(e);
    }
    FloeClient floe = new FloeClient(controlPlane, clientConfig);
    FloeDaemon daemon;
    try {
      daemon = new FloeDaemon(name, host, port, limit, limits, floe);
    } catch (IllegalArgumentException e) {
      floe.close();
      controlPlane.close();
      throw new CliException(Floe.ExitCodes.USAGE, e.getMessage());
    }
    int bound;
    try {
      bound = daemon.start().toCompletableFuture().get();
    } catch (Exception e) {
      floe.close();
      controlPlane.close();
      throw ClientErrors.listenFailure(e, host, port, "pass --bind HOST:PORT");
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        daemon.stop().toCompletableFuture().get();
      } catch (Exception ignored) {
        // shutting down anyway
      } finally {
        floe.close();
        controlPlane.close();
        stopped.countDown();
      }
    }, "daemon-shutdown"));
    String url = "http://" + host + ":" + bound;
    if (json) {
      new ClientOutput(spec.commandLine().getOut(), true).printJson(ClientOutput.JSON.createObjectNode()
          .put("name", name).put("url", url).put("maxBodyBytes", limit));
    } else {
      spec.commandLine().getOut().println(name + ": publisher/aggregator listening on " + url);
    }
    spec.commandLine().getOut().flush();
    stopped.await();
    return Floe.ExitCodes.OK;
  }

  /** The config's chain connection, each fee setting given in {@code options} replacing the config's. */
  static ChainConnection connection(DaemonConfig config, FeeSettings options) {
    return config.chainConnection().withFees(config.chain().fees().overriddenBy(options));
  }

  /** Where to listen: {@code --bind} when given (it overrides the config's bind), else the config's. */
  static String[] listenAddress(DaemonConfig config, String bindOption) {
    return bindOption == null
        ? new String[] {config.bind().host(), Integer.toString(config.bind().port())}
        : parseBind(bindOption);
  }

  private static String[] parseBind(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new CliException(Floe.ExitCodes.USAGE, "--bind must look like HOST:PORT, got '" + text + "'");
    }
    String port = text.substring(colon + 1);
    if (!port.chars().allMatch(Character::isDigit) || port.length() > 5 || Integer.parseInt(port) > 65535) {
      throw new CliException(Floe.ExitCodes.USAGE, "--bind port must be in [0, 65535], got '" + port + "'");
    }
    return new String[] {text.substring(0, colon), port};
  }
}
