package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.controlplane.ChainUnavailableException;
import dev.floe.controlplane.RevertedException;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * The one-line messages {@link ClientErrors} makes of failures a newcomer meets first: a chain on
 * this machine that does not answer (a stopped localnet) says how to check and start it, a remote
 * one does not; a token revert for a wallet without enough tokens is told in tokens.
 */
class ClientErrorsTest {
  @Test
  void shouldPointAtTheLocalnetWhenALoopbackChainDoesNotAnswer() {
    CliException local = ClientErrors.toCli(new CompletionException(new ChainUnavailableException(
        "cannot reach the chain at http://127.0.0.1:8545: Failed to connect to /127.0.0.1:8545")));
    assertThat(local.exitCode()).isEqualTo(Floe.ExitCodes.UNREACHABLE);
    assertThat(local.getMessage()).isEqualTo("cannot reach the chain at http://127.0.0.1:8545: Failed to connect to"
        + " /127.0.0.1:8545 (is the chain running? for the localnet: './floe localnet status', './floe localnet up')");

    CliException remote = ClientErrors.toCli(new ChainUnavailableException(
        "cannot reach the chain at https://rpc.example.org:443: timeout"));
    assertThat(remote.exitCode()).isEqualTo(Floe.ExitCodes.UNREACHABLE);
    assertThat(remote.getMessage()).isEqualTo("cannot reach the chain at https://rpc.example.org:443: timeout");
  }

  @Test
  void shouldKeepOtherRevertsAsTheyAre() {
    RevertedException other = new RevertedException("NodeAlreadyRegistered(0x01)", "NodeAlreadyRegistered",
        List.of("0x01"));
    assertThat(ClientErrors.explainRevert(other)).isEmpty();
    RevertedException garbled = new RevertedException("InsufficientBalance(x, y, z)", "InsufficientBalance",
        List.of("x", "y", "z"));
    assertThat(ClientErrors.explainRevert(garbled)).as("arguments that are not amounts").isEmpty();
    assertThat(ClientErrors.toCli(other).exitCode()).isEqualTo(Floe.ExitCodes.REFUSED);
  }
}
