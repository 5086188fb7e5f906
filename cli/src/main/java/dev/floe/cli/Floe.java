package dev.floe.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code floe} command: the root of every subcommand. Run it through the {@code ./floe} launcher at
 * the repository root, which finds a JDK 21+ and builds the CLI on first use.
 */
@Command(
    name = "floe",
    mixinStandardHelpOptions = true,
    version = "floe 0.1.0",
    description = "Floe: decentralized blob storage for the JVM, byte-compatible with Walrus.",
    subcommands = {CommandLine.HelpCommand.class, BlobIdCommand.class, DeployCommand.class, NodeCommand.class, StakeCommand.class, StoreCommand.class, ReadCommand.class, BlobStatusCommand.class, InfoCommand.class, ExtendCommand.class, DeleteCommand.class, DaemonCommand.class, IndexerCommand.class, LocalnetCommand.class})
public final class Floe implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Exit codes that scripts can rely on. */
  public static final class ExitCodes {
    public static final int OK = 0;
    /** Unexpected internal failure. */
    public static final int FAILURE = 1;
    /** Bad command-line usage. */
    public static final int USAGE = 2;
    /** Bad input data (malformed file, wrong size, bad hash). */
    public static final int BAD_INPUT = 3;
    /** The blob is not available (unknown, expired, deleted, or too many nodes failed). */
    public static final int NOT_AVAILABLE = 4;
    /** The blob was invalidated (inconsistent encoding). */
    public static final int INVALID_BLOB = 5;
    /** The chain or a node could not be reached. */
    public static final int UNREACHABLE = 6;
    /** The chain refused the transaction (already registered, unauthorized, not enough stake or funds, wrong epoch). */
    public static final int REFUSED = 7;
    /** What the command names does not exist on-chain (an unknown stake ID, an unregistered node). */
    public static final int NOT_FOUND = 8;
    /** Not possible yet: the chain allows it from a later epoch (a withdrawal that is not effective yet). */
    public static final int NOT_YET = 9;

    private ExitCodes() {}
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Builds the command line with Floe's exception-to-exit-code mapping. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Floe());
    cl.setExecutionExceptionHandler(new ErrorHandler());
    return cl;
  }

  public static void main(String[] args) {
    configureLogging(args);
    System.exit(commandLine().execute(args));
  }

  /**
   * Long-running services ({@code node run}, {@code daemon}) log at INFO; one-shot commands and the
   * localnet controller only warn (the localnet's own progress stays at INFO), so that their
   * stdout/stderr stays readable for scripts. An explicit -Dorg.slf4j.simpleLogger.defaultLogLevel
   * wins. Must run before the first logger is created.
   */
  private static void configureLogging(String[] args) {
    String key = "org.slf4j.simpleLogger.defaultLogLevel";
    if (System.getProperty(key) != null) {
      return;
    }
    String first = args.length == 0 ? "" : args[0];
    String second = args.length < 2 ? "" : args[1];
    boolean service = first.equals("daemon") || (first.equals("node") || first.equals("indexer")) && second.equals("run");
    System.setProperty(key, service ? "info" : "warn");
    if (first.equals("localnet")) {
      // the localnet's own progress lines; chain and node internals go to each process's log file
      System.setProperty("org.slf4j.simpleLogger.log.dev.floe.localnet", "info");
    }
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
  }
}
