package dev.floe.controlplane.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.controlplane.ChainUnavailableException;
import org.junit.jupiter.api.Test;

/** Hosted RPC URLs carry API keys in the path, query or user info: none may reach a log or an error. */
class LoggableRpcUrlTest {
  @Test
  void keepsOnlySchemeHostAndPort() {
    assertThat(EvmConfig.loggable("http://127.0.0.1:8545")).isEqualTo("http://127.0.0.1:8545");
    assertThat(EvmConfig.loggable("http://127.0.0.1:8545/")).isEqualTo("http://127.0.0.1:8545");
    assertThat(EvmConfig.loggable("https://eth-mainnet.example.com/v2/SECRETKEY123"))
        .isEqualTo("https://eth-mainnet.example.com/…").doesNotContain("SECRETKEY123");
    assertThat(EvmConfig.loggable("https://rpc.example.com?apikey=SECRETKEY123")).doesNotContain("SECRETKEY123");
    assertThat(EvmConfig.loggable("https://user:SECRETKEY123@rpc.example.com:443")).doesNotContain("SECRETKEY123")
        .isEqualTo("https://rpc.example.com:443/…");
    assertThat(EvmConfig.loggable("not a url SECRETKEY123")).isEqualTo("<rpc url>");
  }

  @Test
  void anUnreachableChainIsReportedWithoutTheUrlsSecretPart() {
    int port = dev.floe.testkit.FreePorts.pick();
    EvmConfig config = EvmConfig.local("http://127.0.0.1:" + port + "/v2/SECRETKEY123");
    assertThatThrownBy(() -> EvmChain.connect(config, EvmAccount.generate(new java.security.SecureRandom())))
        .hasMessageContaining("127.0.0.1:" + port)
        .satisfies(t -> {
          for (Throwable c = t; c != null; c = c.getCause()) {
            assertThat(String.valueOf(c.getMessage())).doesNotContain("SECRETKEY123");
          }
        })
        .isInstanceOf(ChainUnavailableException.class);
  }
}
