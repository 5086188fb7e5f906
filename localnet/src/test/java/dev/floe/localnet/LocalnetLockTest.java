package dev.floe.localnet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.controlplane.TokenAmount;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalnetLockTest {
  @TempDir Path dir;

  @Test
  void shouldLetOneAddNodeAtATimeChangeTheLocalnetAndStartFromTheStateTheOtherSaved() throws Exception {
    LocalnetLayout layout = new LocalnetLayout(dir);
    state(2).save(layout);
    LocalNetwork net = LocalNetwork.attach(layout, m -> {});
    CompletableFuture<Throwable> second;
    try (LocalnetLock other = LocalnetLock.acquire(layout, m -> {})) { // an add-node in progress
      second = CompletableFuture.supplyAsync(() -> {
        try {
          net.addNode(TokenAmount.ofTokens(1));
          return null;
        } catch (Throwable t) {
          return t;
        }
      });
      Thread.sleep(300);
      assertThat(second).as("a second add-node waits for the one in progress").isNotDone();
      state(3).save(layout); // what the one in progress saved
    }
    Throwable outcome = second.get(10, TimeUnit.SECONDS);
    assertThat(outcome).isInstanceOf(LocalnetException.class).hasMessageContaining("chain is not running");
    assertThat(net.state().nodes()).as("it went on from the state the other add-node saved").hasSize(3);
  }

  private static LocalnetState state(int nodes) {
    List<LocalnetState.NodeEntry> entries = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      entries.add(new LocalnetState.NodeEntry(i, "node-" + i, "http://127.0.0.1:" + (47200 + i), 47300 + i, "0xabc"));
    }
    return new LocalnetState(
        LocalnetState.FORMAT, "http://127.0.0.1:47299", 47299, 31337, 100, 3600, entries,
        "http://127.0.0.1:47298", "wallets/client/key.json", "0x123",
        new LocalnetState.Launcher("/usr/bin/java", List.of(), "/a.jar", ProcessLauncher.FLOE_MAIN),
        "http://127.0.0.1:47297/v1");
  }
}
