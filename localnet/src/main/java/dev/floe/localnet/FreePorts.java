package dev.floe.localnet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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

  /** A port that was free on 127.0.0.1 a moment ago and was not handed out before. */
  static int pick() {
    for (int i = 0; i < ATTEMPTS; i++) {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        socket.setReuseAddress(true);
        if (HANDED_OUT.add(socket.getLocalPort())) {
          return socket.getLocalPort();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("no free port on 127.0.0.1", e);
      }
    }
    throw new LocalnetException("no fresh free port on 127.0.0.1 after " + ATTEMPTS + " probes");
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
