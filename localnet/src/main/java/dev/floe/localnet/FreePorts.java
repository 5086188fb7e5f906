package dev.floe.localnet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * Loopback ports for the localnet's processes. Every port is chosen before its process binds it (the
 * nodes register their URLs on-chain first), so a probe can return a port an earlier probe already
 * returned; {@link #pick()} never hands out a port twice in one JVM (two nodes on one port would leave
 * one of them unable to start).
 */
final class FreePorts {
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
  private static final int ATTEMPTS = 1_000;

  private FreePorts() {}

  /** A port that was free on 127.0.0.1 a moment ago and was not handed out (or reserved) before. */
  static int pick() {
    return pick(FreePorts::probe);
  }

  /** As {@link #pick()}, with the ports the OS offers coming from {@code probe}. */
  static int pick(IntSupplier probe) {
    for (int i = 0; i < ATTEMPTS; i++) {
      int port = probe.getAsInt();
      if (HANDED_OUT.add(port)) {
        return port;
      }
    }
    throw new LocalnetException("no fresh free port on 127.0.0.1 after " + ATTEMPTS + " probes");
  }

  /**
   * Marks {@code ports} as handed out: ports an existing localnet's processes own, which another JVM
   * (a later {@code floe localnet add-node}) must not hand out again even while they are free because
   * their process is stopped (it binds them again when started).
   */
  static void reserve(Collection<Integer> ports) {
    HANDED_OUT.addAll(ports);
  }

  private static int probe() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }

  /** {@code preferred} if it is free on 127.0.0.1, else any free port. */
  static int preferring(int preferred) {
    if (preferred > 0 && isFree(preferred) && HANDED_OUT.add(preferred)) {
      return preferred;
    }
    return pick();
  }

  /** Whether nothing listens on 127.0.0.1:{@code port}. */
  static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
