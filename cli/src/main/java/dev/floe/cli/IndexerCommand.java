package dev.floe.cli;

import dev.floe.indexer.IndexerConfig;
import dev.floe.indexer.IndexerService;
import dev.floe.indexer.store.IndexStoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code floe indexer run --config FILE}: the indexer service (chain views, query API, epoch keeper). */
@Command(
    name = "indexer",
    mixinStandardHelpOptions = true,
    description = "The indexer: chain events into SQLite/PostgreSQL views, a JSON query API, the epoch keeper.",
    subcommands = {IndexerCommand.Run.class})
final class IndexerCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code floe indexer run --config FILE [--json]}. */
  @Command(name = "run", mixinStandardHelpOptions = true, description = "Run the indexer until stopped.")
  static final class Run implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "indexer YAML config")
    Path config;

    @Option(names = "--json", description = "print the query API address as JSON once the indexer runs")
    boolean json;

    @Override
    public Integer call() throws Exception {
      if (!Files.isRegularFile(config)) {
        throw new CliException(Floe.ExitCodes.BAD_INPUT, "indexer config not found: " + config);
      }
      IndexerConfig c;
      try {
        c = IndexerConfig.load(config);
      } catch (IOException | IllegalArgumentException e) {
        throw new CliException(Floe.ExitCodes.BAD_INPUT, e.getMessage());
      }
      IndexerService service;
      try {
        service = IndexerService.start(c);
      } catch (IndexStoreException e) {
        throw new CliException(Floe.ExitCodes.BAD_INPUT, e.getMessage());
      } catch (RuntimeException e) {
        if (ClientErrors.isAddressInUse(e)) {
          throw ClientErrors.listenFailure(e, c.bind().host(), c.bind().port(), "change bind in " + config);
        }
        throw ClientErrors.toCli(e);
      }
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          service.close();
        } finally {
          stopped.countDown();
        }
      }, "indexer-shutdown"));
      String url = "http://" + c.bind().host() + ":" + service.port() + "/v1";
      if (json) {
        new ClientOutput(spec.commandLine().getOut(), true).printJson(ClientOutput.JSON.createObjectNode()
            .put("name", c.name()).put("url", url).put("keeper", c.keeper().enabled()));
      } else {
        spec.commandLine().getOut().println(c.name() + ": query API on " + url
            + (c.keeper().enabled() ? " (epoch keeper on)" : ""));
      }
      spec.commandLine().getOut().flush();
      stopped.await();
      return Floe.ExitCodes.OK;
    }
  }
}
