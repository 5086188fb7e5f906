package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.client.daemon.DaemonConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code floe daemon}'s listen address: the README documents {@code --bind HOST:PORT} as the
 * alternative to the config's {@code bind} section, so the flag must win over the config file.
 */
class DaemonCommandTest {
  private static final DaemonConfig CONFIG = new DaemonConfig("d", new DaemonConfig.Bind("10.0.0.1", 8080),
      null, null, null, new DaemonConfig.Chain(null, Path.of("deployment.json")),
      new DaemonConfig.Wallet(null, null, 0), null);

  @Test
  void shouldListenWhereTheConfigSaysWithoutBind() {
    assertThat(DaemonCommand.listenAddress(CONFIG, null)).containsExactly("10.0.0.1", "8080");
  }

  @Test
  void shouldLetBindOverrideTheConfig() {
    assertThat(DaemonCommand.listenAddress(CONFIG, "127.0.0.1:0")).containsExactly("127.0.0.1", "0");
  }

  @Test
  void shouldRejectAMalformedBindAsUsage() {
    assertThatThrownBy(() -> DaemonCommand.listenAddress(CONFIG, "127.0.0.1:99999"))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("--bind port")
        .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(Floe.ExitCodes.USAGE));
  }
}
