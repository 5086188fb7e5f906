package dev.floe.localnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class FreePortsTest {
  @Test
  void shouldNeverHandOutAPortAnExistingLocalnetOwnsEvenWhileItsProcessIsStopped() {
    // the state of a localnet set up by another JVM ('localnet up'); node-1 is stopped, so the OS
    // offers its REST and metrics ports to a probe of this JVM ('localnet add-node')
    LocalnetState state = new LocalnetState(
        LocalnetState.FORMAT, "http://127.0.0.1:47101", 47101, 31337, 100, 3600,
        List.of(new LocalnetState.NodeEntry(0, "node-0", "http://127.0.0.1:47102", 47103, "0xabc"),
            new LocalnetState.NodeEntry(1, "node-1", "http://127.0.0.1:47104", 47105, "0xdef")),
        "http://127.0.0.1:47106", "wallets/client/key.json", "0x123",
        new LocalnetState.Launcher("/usr/bin/java", List.of(), "/a.jar", ProcessLauncher.FLOE_MAIN),
        "http://127.0.0.1:47107/v1");
    assertThat(state.ports()).containsExactlyInAnyOrder(47101, 47102, 47103, 47104, 47105, 47106, 47107);

    FreePorts.reserve(state.ports());
    Deque<Integer> offered = new ArrayDeque<>(List.of(47104, 47105, 47106, 47108));
    assertThat(FreePorts.pick(offered::pop)).as("the first offered port no process of the localnet owns")
        .isEqualTo(47108);
  }
}
