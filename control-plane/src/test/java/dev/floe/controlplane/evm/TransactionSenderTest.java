package dev.floe.controlplane.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.floe.controlplane.ChainUnavailableException;
import dev.floe.controlplane.Deployment;
import dev.floe.controlplane.DeploymentParameters;
import dev.floe.controlplane.InvalidDeploymentException;
import dev.floe.controlplane.TokenAmount;
import dev.floe.controlplane.TransactionTimeoutException;
import dev.floe.testkit.AnvilNode;
import dev.floe.testkit.Await;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Nonces under concurrency, retries through a flaky endpoint, unreachable and mismatched chains. */
class TransactionSenderTest {
  private static AnvilNode anvil;
  private static EvmConfig config;
  private static Deployment deployment;

  @BeforeAll
  static void deploy() {
    anvil = AnvilNode.start();
    config = EvmConfig.local(anvil.rpcUrl());
    deployment = Deployer.deploy(config, EvmAccount.devAccount(0), DeploymentParameters.localnet(10, ChainFixture.EPOCH));
  }

  @AfterAll
  static void stop() {
    anvil.close();
  }

  @Test
  void shouldAssignNoncesInOrderForConcurrentCallers() {
    try (EvmControlPlane cp = EvmControlPlane.connect(config, deployment, EvmAccount.devAccount(0))) {
      List<EvmAccount> receivers = new ArrayList<>();
      List<CompletableFuture<Void>> sends = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        EvmAccount r = EvmAccount.generate(new java.security.SecureRandom());
        receivers.add(r);
        sends.add(cp.transfer(r.address(), TokenAmount.ofUnits(1_000 + i)));
      }
      sends.forEach(Await::result);
      for (int i = 0; i < receivers.size(); i++) {
        assertThat(Await.result(cp.balanceOf(receivers.get(i).address()))).isEqualTo(TokenAmount.ofUnits(1_000 + i));
      }
    }
  }

  @Test
  void shouldRecoverWhenAnotherProcessSendsFromTheSameAccount() {
    try (EvmControlPlane a = EvmControlPlane.connect(config, deployment, EvmAccount.devAccount(1));
        EvmControlPlane b = EvmControlPlane.connect(config, deployment, EvmAccount.devAccount(1));
        EvmControlPlane admin = EvmControlPlane.connect(config, deployment, EvmAccount.devAccount(0))) {
      Await.result(admin.transfer(a.account(), TokenAmount.ofTokens(10)));
      EvmAccount target = EvmAccount.generate(new java.security.SecureRandom());
      for (int i = 0; i < 4; i++) {
        Await.result(a.transfer(target.address(), TokenAmount.ofUnits(1)));
        Await.result(b.transfer(target.address(), TokenAmount.ofUnits(1)));
      }
      assertThat(Await.result(a.balanceOf(target.address()))).isEqualTo(TokenAmount.ofUnits(8));
    }
  }

  @Test
  void shouldReuseTheNonceOfATimedOutTransactionThatTheNodeDropped() {
    EvmConfig impatient = new EvmConfig(anvil.rpcUrl(), Duration.ofMillis(20), Duration.ofMillis(600), 2,
        Duration.ofMillis(10), java.util.OptionalLong.empty(), 25);
    try (EvmControlPlane admin = EvmControlPlane.connect(config, deployment, EvmAccount.devAccount(0));
        EvmControlPlane cp = EvmControlPlane.connect(impatient, deployment, EvmAccount.devAccount(5))) {
      Await.result(admin.transfer(cp.account(), TokenAmount.ofTokens(10)));
      EvmAccount target = EvmAccount.generate(new java.security.SecureRandom());
      anvil.setAutomine(false);
      String dropped;
      try {
        CompletableFuture<Void> lost = cp.transfer(target.address(), TokenAmount.ofUnits(1));
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> Await.result(lost));
        assertThat(failure).isInstanceOf(TransactionTimeoutException.class);
        dropped = ((TransactionTimeoutException) failure).transactionHash();
        anvil.rpc("anvil_dropTransaction", "\"" + dropped + "\"");
      } finally {
        anvil.setAutomine(true);
      }
      // the node forgot the timed-out transaction: the next one must take its nonce, not wait behind a gap
      Await.result(cp.transfer(target.address(), TokenAmount.ofUnits(2)));
      assertThat(Await.result(cp.balanceOf(target.address()))).isEqualTo(TokenAmount.ofUnits(2));
    }
  }

  @Test
  void shouldRetryTransientRpcFailures() throws IOException {
    AtomicInteger requests = new AtomicInteger();
    AtomicInteger injected = new AtomicInteger();
    HttpClient http = HttpClient.newHttpClient();
    HttpServer proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    proxy.createContext("/", exchange -> {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      if (requests.incrementAndGet() % 3 == 0) { // every third request fails like an overloaded gateway
        injected.incrementAndGet();
        exchange.sendResponseHeaders(503, -1);
        exchange.close();
        return;
      }
      try {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(anvil.rpcUrl()))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(r.statusCode(), r.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(r.body());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.sendResponseHeaders(500, -1);
      }
      exchange.close();
    });
    proxy.start();
    try {
      EvmConfig flaky = new EvmConfig("http://127.0.0.1:" + proxy.getAddress().getPort(), Duration.ofMillis(20),
          Duration.ofSeconds(30), 4, Duration.ofMillis(10), java.util.OptionalLong.empty(), 25);
      try (EvmControlPlane cp = EvmControlPlane.connect(flaky, deployment, EvmAccount.devAccount(2));
          EvmControlPlane admin = EvmControlPlane.connect(config, deployment, EvmAccount.devAccount(0))) {
        Await.result(admin.transfer(cp.account(), TokenAmount.ofTokens(100)));
        EvmAccount target = EvmAccount.generate(new java.security.SecureRandom());
        for (int i = 0; i < 5; i++) {
          Await.result(cp.transfer(target.address(), TokenAmount.ofTokens(1)));
        }
        assertThat(Await.result(cp.balanceOf(target.address()))).isEqualTo(TokenAmount.ofTokens(5));
        assertThat(Await.result(cp.epochState()).epoch()).isZero();
      }
      assertThat(injected.get()).as("failures were injected and survived").isGreaterThan(5);
    } finally {
      proxy.stop(0);
    }
  }

  @Test
  void shouldNotSendTwiceWhenTheAnswerToASentTransactionIsLost() throws IOException {
    AtomicInteger lost = new AtomicInteger();
    // the node gets (and mines) every transaction, but the first two answers never come back
    HttpServer proxy = proxyLosingSendAnswers(lost, 2);
    try {
      EvmConfig lossy = new EvmConfig("http://127.0.0.1:" + proxy.getAddress().getPort(), Duration.ofMillis(20),
          Duration.ofSeconds(30), 4, Duration.ofMillis(10), java.util.OptionalLong.empty(), 25);
      try (EvmControlPlane cp = EvmControlPlane.connect(lossy, deployment, EvmAccount.devAccount(6));
          EvmControlPlane admin = EvmControlPlane.connect(config, deployment, EvmAccount.devAccount(0))) {
        Await.result(admin.transfer(cp.account(), TokenAmount.ofTokens(10)));
        EvmAccount target = EvmAccount.generate(new java.security.SecureRandom());
        Await.result(cp.transfer(target.address(), TokenAmount.ofUnits(7)));
        Await.result(cp.transfer(target.address(), TokenAmount.ofUnits(5)));
        assertThat(lost.get()).as("answers were lost").isGreaterThanOrEqualTo(2);
        assertThat(Await.result(admin.balanceOf(target.address()))).as("each transfer executed once")
            .isEqualTo(TokenAmount.ofUnits(12));
      }
    } finally {
      proxy.stop(0);
    }
  }

  @Test
  void shouldNameTheTransactionWhenTheEndpointFailsWhileSendingIt() throws IOException {
    // delivered to the node, but every answer is lost
    HttpServer proxy = proxyLosingSendAnswers(new AtomicInteger(), Integer.MAX_VALUE);
    try {
      EvmConfig broken = new EvmConfig("http://127.0.0.1:" + proxy.getAddress().getPort(), Duration.ofMillis(20),
          Duration.ofSeconds(30), 2, Duration.ofMillis(10), java.util.OptionalLong.empty(), 25);
      try (EvmControlPlane admin = EvmControlPlane.connect(config, deployment, EvmAccount.devAccount(0));
          EvmControlPlane cp = EvmControlPlane.connect(broken, deployment, EvmAccount.devAccount(7));
          EvmControlPlane direct = EvmControlPlane.connect(config, deployment, EvmAccount.devAccount(7))) {
        Await.result(admin.transfer(cp.account(), TokenAmount.ofTokens(10)));
        EvmAccount target = EvmAccount.generate(new java.security.SecureRandom());
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(
            () -> Await.result(cp.transfer(target.address(), TokenAmount.ofUnits(3))));
        assertThat(failure).isInstanceOf(ChainUnavailableException.class);
        String hash = ((ChainUnavailableException) failure).transactionHash().orElseThrow();
        assertThat(failure).hasMessageContaining(hash).hasMessageContaining("look it up before sending again");
        // it did reach the node: a caller that looks it up must not send the transfer again
        assertThat(anvil.rpc("eth_getTransactionReceipt", "\"" + hash + "\"")).contains("\"status\":\"0x1\"");
        assertThat(Await.result(direct.balanceOf(target.address()))).isEqualTo(TokenAmount.ofUnits(3));
      }
    } finally {
      proxy.stop(0);
    }
  }

  /**
   * A started JSON-RPC proxy in front of anvil that forwards every request but answers the first
   * {@code answersToLose} {@code eth_sendRawTransaction} calls with 502 (the node did get them),
   * counting them in {@code lost}.
   */
  private HttpServer proxyLosingSendAnswers(AtomicInteger lost, int answersToLose) throws IOException {
    HttpClient http = HttpClient.newHttpClient();
    HttpServer proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    proxy.createContext("/", exchange -> {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      try {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(anvil.rpcUrl()))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
        if (new String(body, java.nio.charset.StandardCharsets.UTF_8).contains("eth_sendRawTransaction")
            && lost.getAndIncrement() < answersToLose) {
          exchange.sendResponseHeaders(502, -1);
          exchange.close();
          return;
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(r.statusCode(), r.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(r.body());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.sendResponseHeaders(500, -1);
      }
      exchange.close();
    });
    proxy.start();
    return proxy;
  }

  @Test
  void shouldFailClearlyWhenTheChainIsUnreachableOrDifferent() {
    EvmConfig dead = new EvmConfig("http://127.0.0.1:9", Duration.ofMillis(20), Duration.ofSeconds(1), 2,
        Duration.ofMillis(5), java.util.OptionalLong.empty(), 25);
    assertThatThrownBy(() -> EvmControlPlane.connect(dead, deployment, EvmAccount.devAccount(0)))
        .isInstanceOf(ChainUnavailableException.class)
        .hasMessageContaining("127.0.0.1:9");
    Deployment otherChain = new Deployment(1, deployment.rpcUrl(), deployment.deployer(), deployment.deployBlock(),
        deployment.contracts(), deployment.parameters());
    assertThatThrownBy(() -> EvmControlPlane.connect(config, otherChain, EvmAccount.devAccount(0)))
        .isInstanceOf(InvalidDeploymentException.class)
        .hasMessageContaining("chain 1");
    Deployment noContracts = new Deployment(deployment.chainId(), deployment.rpcUrl(), deployment.deployer(),
        deployment.deployBlock(), new dev.floe.controlplane.ContractAddresses(deployment.deployer(),
            deployment.contracts().staking(), deployment.contracts().system()), deployment.parameters());
    assertThatThrownBy(() -> EvmControlPlane.connect(config, noContracts, EvmAccount.devAccount(0)))
        .isInstanceOf(InvalidDeploymentException.class)
        .hasMessageContaining("no contract at");
  }
}
