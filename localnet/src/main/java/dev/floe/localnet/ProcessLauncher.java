package dev.floe.localnet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Starts {@code floe} subcommands ({@code node run --config F}, {@code daemon --config F}) as separate
 * OS processes with the same Java and the same class path as the current process: under the {@code
 * ./floe} launcher that is {@code java -cp cli/target/floe-cli.jar dev.floe.cli.Floe ...}, never a
 * Maven run. Output goes to a log file; the process ID is written to a PID file next to it.
 *
 * @param javaCommand the java executable
 * @param jvmArgs JVM options every child gets (e.g. {@code --add-modules jdk.incubator.vector})
 * @param classPath the class path (a jar with a manifest class path works)
 * @param mainClass the {@code floe} root command class
 */
public record ProcessLauncher(String javaCommand, List<String> jvmArgs, String classPath, String mainClass) {
  /** The CLI's root command, whose subcommands the children run. */
  public static final String FLOE_MAIN = "dev.floe.cli.Floe";

  public ProcessLauncher {
    Objects.requireNonNull(javaCommand, "javaCommand");
    jvmArgs = List.copyOf(jvmArgs);
    Objects.requireNonNull(classPath, "classPath");
    Objects.requireNonNull(mainClass, "mainClass");
  }

  /**
   * A launcher with this JVM's java binary and class path running {@link #FLOE_MAIN}, passing on the
   * repository root ({@code floe.root}) and the incubator vector module.
   */
  public static ProcessLauncher ofCurrentJvm() {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> args = new ArrayList<>();
    args.add("--add-modules");
    args.add("jdk.incubator.vector");
    args.add("--enable-native-access=ALL-UNNAMED"); // RocksDB and SQLite load native libraries
    String root = System.getProperty("floe.root");
    if (root != null) {
      args.add("-Dfloe.root=" + root);
    }
    return new ProcessLauncher(java, args, absoluteClassPath(System.getProperty("java.class.path")), FLOE_MAIN);
  }

  /** Makes every entry absolute, since children run in their own working directories. */
  static String absoluteClassPath(String classPath) {
    List<String> entries = new ArrayList<>();
    for (String entry : classPath.split(java.io.File.pathSeparator)) {
      if (!entry.isEmpty()) {
        entries.add(Path.of(entry).toAbsolutePath().normalize().toString());
      }
    }
    return String.join(java.io.File.pathSeparator, entries);
  }

  /** The full command line for {@code floe <args>} with extra JVM options for this child. */
  public List<String> command(List<String> extraJvmArgs, List<String> floeArgs) {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaCommand);
    cmd.addAll(jvmArgs);
    cmd.addAll(extraJvmArgs);
    cmd.add("-cp");
    cmd.add(classPath);
    cmd.add(mainClass);
    cmd.addAll(floeArgs);
    return cmd;
  }

  /**
   * Starts {@code floe <floeArgs>} detached from this process's streams: stdout and stderr appended to
   * {@code log}, the PID written to {@code pidFile}.
   */
  public Process start(
      List<String> extraJvmArgs,
      List<String> floeArgs,
      Path workDir,
      Path log,
      Path pidFile,
      Map<String, String> environment)
      throws IOException {
    Files.createDirectories(log.toAbsolutePath().getParent());
    List<String> cmd = new ArrayList<>(ownSession());
    cmd.addAll(command(extraJvmArgs, floeArgs));
    ProcessBuilder builder =
        new ProcessBuilder(cmd)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
    builder.environment().putAll(environment);
    Process process = builder.start();
    PidFile.write(pidFile, process.toHandle());
    return process;
  }

  /**
   * {@code setsid} where available: the child gets its own session, so a Ctrl-C in the terminal
   * reaches only the {@code floe} process, which then stops its children in order, and detached
   * children survive the terminal. {@code setsid} execs the command, so the PID stays the child's.
   */
  static List<String> ownSession() {
    for (String candidate : List.of("/usr/bin/setsid", "/bin/setsid")) {
      if (java.nio.file.Files.isExecutable(Path.of(candidate))) {
        return List.of(candidate);
      }
    }
    return List.of();
  }

  private static java.io.File nullDevice() {
    return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }
}
