package dev.floe.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for tests: a fresh cluster ({@code initdb}) in a temporary folder,
 * started with {@code pg_ctl} on a free loopback port with trust authentication for user {@code
 * floe}, stopped and deleted on {@link #close()}. The binaries come from {@code $FLOE_PG_BIN}, else
 * the newest {@code /usr/lib/postgresql/N/bin}, else the PATH. PostgreSQL refuses to run as root, so
 * when the tests run as root the server runs as user {@code nobody} (through {@code runuser}).
 * Fails loudly when PostgreSQL is not installed.
 */
public final class PostgresServer implements AutoCloseable {
  /** The database user (trust authentication, loopback only). */
  public static final String USER = "floe";

  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final Path bin;
  private final Path dir;
  private final int port;
  private final boolean asNobody;

  private PostgresServer(Path bin, Path dir, int port, boolean asNobody) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.asNobody = asNobody;
  }

  /** Creates and starts a cluster; fails if PostgreSQL is missing or does not start within a minute. */
  public static PostgresServer start() {
    Path bin = binaries();
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir;
    try {
      dir = Files.createTempDirectory("floe-pg-");
      if (root) {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a folder for PostgreSQL", e);
    }
    int port = freePort();
    PostgresServer server = new PostgresServer(bin, dir, port, root);
    try {
      server.run(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-A", "trust",
          "-U", USER, "--no-sync"));
      server.run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-w", "-t", "60",
          "-l", dir.resolve("postgres.log").toString(), "-o",
          "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"));
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** A JDBC URL of a new, empty database on this server. */
  public String newDatabase() {
    String name = "floe_test_" + DATABASES.incrementAndGet();
    run(List.of(bin.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", Integer.toString(port), "-U", USER, name));
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + name + "?user=" + USER;
  }

  /** The server's port. */
  public int port() {
    return port;
  }

  private void run(List<String> command) {
    List<String> cmd = new ArrayList<>();
    if (asNobody) {
      cmd.addAll(List.of("runuser", "-u", "nobody", "--"));
    }
    cmd.addAll(command);
    Path log = dir.resolve("command.log");
    try {
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      if (!p.waitFor(90, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", cmd) + " did not finish within 90 s");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", cmd) + " failed with exit code " + p.exitValue() + ":\n"
            + Files.readString(log));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", cmd), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + cmd.getFirst(), e);
    }
  }

  private static Path binaries() {
    String env = System.getenv("FLOE_PG_BIN");
    if (env != null && Files.isExecutable(Path.of(env, "initdb"))) {
      return Path.of(env);
    }
    Path lib = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(lib)) {
      try (Stream<Path> versions = Files.list(lib)) {
        Optional<Path> newest = versions.map(v -> v.resolve("bin"))
            .filter(b -> Files.isExecutable(b.resolve("initdb")))
            .max(Comparator.comparingInt(b -> versionOf(b.getParent().getFileName().toString())));
        if (newest.isPresent()) {
          return newest.get();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    for (String p : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (!p.isEmpty() && Files.isExecutable(Path.of(p, "initdb"))) {
        return Path.of(p);
      }
    }
    throw new IllegalStateException("PostgreSQL is not installed (no initdb in $FLOE_PG_BIN, /usr/lib/postgresql/*/bin"
        + " or the PATH); install the Debian package postgresql");
  }

  private static int versionOf(String name) {
    try {
      return Integer.parseInt(name);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static int freePort() {
    return FreePorts.pick();
  }

  @Override
  public void close() {
    try {
      if (Files.isDirectory(dir.resolve("data"))) {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w",
            "stop"));
      }
    } catch (RuntimeException e) {
      // not running (start failed): nothing to stop
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (IOException e) {
        // a temporary folder left behind is harmless
      }
    }
  }
}
