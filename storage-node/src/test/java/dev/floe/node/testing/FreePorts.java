package dev.floe.node.testing;

import java.util.List;

/** Free loopback ports, for committees whose network addresses must be known before nodes start. */
public final class FreePorts {
  private FreePorts() {}

  /** {@code count} distinct ports that were free a moment ago and never handed out before in this JVM. */
  public static List<Integer> allocate(int count) {
    return dev.floe.testkit.FreePorts.allocate(count);
  }
}
