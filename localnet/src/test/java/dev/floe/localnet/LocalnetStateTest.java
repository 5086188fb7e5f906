package dev.floe.localnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalnetStateTest {
  @TempDir Path dir;

  @Test
  void shouldSaveAndLoadTheState() {
    LocalnetLayout layout = new LocalnetLayout(dir.resolve("net"));
    LocalnetState state = new LocalnetState(
        LocalnetState.FORMAT, "http://127.0.0.1:8545", 8545, 31337, 100, 3600,
        List.of(new LocalnetState.NodeEntry(0, "node-0", "http://127.0.0.1:9000", 9100, "0xabc"),
            new LocalnetState.NodeEntry(1, "node-1", "http://127.0.0.1:9001", 9101, "0xdef")),
        "http://127.0.0.1:31415", "wallets/client/key.json", "0x123",
        new LocalnetState.Launcher("/usr/bin/java", List.of("-Xmx1g"), "/a.jar", ProcessLauncher.FLOE_MAIN),
        "http://127.0.0.1:31416");
    assertThat(LocalnetState.load(layout)).isEmpty();
    state.save(layout);
    LocalnetState loaded = LocalnetState.load(layout).orElseThrow();
    assertThat(loaded).isEqualTo(state);
    assertThat(loaded.node(1).restUrl()).isEqualTo("http://127.0.0.1:9001");
    assertThatThrownBy(() -> loaded.node(2)).isInstanceOf(LocalnetException.class).hasMessageContaining("[0, 1]");
  }

  @Test
  void shouldRejectAGarbledStateFileWithAHint() throws Exception {
    LocalnetLayout layout = new LocalnetLayout(dir);
    Files.writeString(layout.stateFile(), "{not json");
    assertThatThrownBy(() -> LocalnetState.load(layout))
        .isInstanceOf(LocalnetException.class)
        .hasMessageContaining("--fresh");
  }

  @Test
  void shouldKeepEveryFileInsideTheDirectory() {
    LocalnetLayout layout = new LocalnetLayout(dir);
    for (Path p : List.of(layout.stateFile(), layout.deploymentFile(), layout.anvilState(), layout.nodeConfig(3),
        layout.nodeData(3), layout.daemonConfig(), layout.passwordFile())) {
      assertThat(p.startsWith(layout.dir())).as(p.toString()).isTrue();
    }
    assertThat(layout.nodeConfig(3).toString()).contains("node-3");
  }
}
