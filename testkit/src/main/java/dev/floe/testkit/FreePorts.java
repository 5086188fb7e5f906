package dev.floe.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loopback ports for servers whose addresses must be known before they start (committee members are
 * registered on-chain with their URL first). A probe socket on port 0 gives a port that is free now,
 * but nothing holds it until the server binds, so two probes in a row can return the same port; this
 * class never hands out a port twice in one JVM.
 */
public final class FreePorts {
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
  private static final int ATTEMPTS = 1_000;

  private FreePorts() {}

  /** A port free on 127.0.0.1 a moment ago and not returned before by this class. */
  public static int pick() {
    for (int i = 0; i < ATTEMPTS; i++) {
      int port = probe();
      if (HANDED_OUT.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no fresh free port after " + ATTEMPTS + " probes");
  }

  /** {@code count} distinct ports, as {@link #pick()}. */
  public static List<Integer> allocate(int count) {
    List<Integer> ports = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ports.add(pick());
    }
    return ports;
  }

  private static int probe() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }
}
