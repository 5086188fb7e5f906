package dev.floe.controlplane.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.controlplane.TransactionTimeoutException;
import dev.floe.testkit.AnvilNode;
import dev.floe.testkit.Await;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.methods.response.Transaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Replace-by-fee against a real anvil: with automatic mining off a sent transaction stays in the
 * mempool without a receipt; the sender must replace it with higher fees for the same nonce and
 * return the receipt of whichever version is mined, stop at the fee cap, and keep nonces in order
 * for concurrent callers.
 */
class FeeBumpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TARGET = "0x000000000000000000000000000000000000dEaD";
  private static AnvilNode anvil;

  @BeforeAll
  static void start() {
    anvil = AnvilNode.start();
  }

  @AfterAll
  static void stop() {
    anvil.close();
  }

  @AfterEach
  void mineAgain() {
    anvil.rpc("anvil_dropAllTransactions");
    anvil.setAutomine(true);
  }

  private static EvmConfig bumping(Duration after) {
    return EvmConfig.local(anvil.rpcUrl()).withFeeBump(after, 15);
  }

  /** Our pending transactions by nonce, from anvil's mempool. */
  private static Map<Long, JsonNode> pending(EvmAccount account) throws Exception {
    JsonNode pool = JSON.readTree(anvil.rpc("txpool_content")).path("pending");
    Map<Long, JsonNode> out = new TreeMap<>();
    pool.fields().forEachRemaining(e -> {
      if (e.getKey().equalsIgnoreCase(account.address().toHex())) {
        e.getValue().fields().forEachRemaining(t -> out.put(Long.parseLong(t.getKey()), t.getValue()));
      }
    });
    return out;
  }

  /** Waits until the mempool holds {@code count} of our transactions whose hashes are not in {@code seen}. */
  private static Map<Long, JsonNode> awaitPending(EvmAccount account, int count, Set<String> seen) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      Map<Long, JsonNode> p = pending(account);
      if (p.size() == count && p.values().stream().noneMatch(t -> seen.contains(t.path("hash").asText()))) {
        return p;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("mempool never held " + count + " new transactions; it holds " + p);
      }
      Thread.sleep(20);
    }
  }

  private static BigInteger hex(JsonNode tx, String field) {
    return new BigInteger(tx.path(field).asText().substring(2), 16);
  }

  private static Transaction transaction(EvmChain chain, String hash) throws Exception {
    return chain.web3j.ethGetTransactionByHash(hash).send().getTransaction().orElseThrow();
  }

  /** What the sender offers first while no block is mined: twice the latest base fee plus the suggested tip. */
  private static BigInteger firstOffer() throws Exception {
    BigInteger baseFee = new BigInteger(JSON.readTree(anvil.rpc("eth_getBlockByNumber", "\"latest\"", "false"))
        .path("baseFeePerGas").asText().substring(2), 16);
    BigInteger tip = new BigInteger(JSON.readTree(anvil.rpc("eth_maxPriorityFeePerGas")).asText().substring(2), 16);
    return baseFee.multiply(BigInteger.TWO).add(tip);
  }

  private static void setNextBaseFee(BigInteger wei) {
    anvil.rpc("anvil_setNextBlockBaseFeePerGas", "\"0x" + wei.toString(16) + "\"");
  }

  @Test
  void shouldReplaceAStuckTransactionAndReturnTheReceiptOfTheReplacementThatWasMined() throws Exception {
    EvmAccount account = EvmAccount.devAccount(3);
    try (EvmChain chain = EvmChain.connect(bumping(Duration.ofMillis(300)), account)) {
      anvil.setAutomine(false);
      CompletableFuture<TransactionReceipt> call = chain.sender.send(TARGET, "0x", "ping");
      JsonNode first = awaitPending(account, 1, Set.of()).values().iterator().next();
      String firstHash = first.path("hash").asText();
      BigInteger firstFee = hex(first, "maxFeePerGas");
      BigInteger firstTip = hex(first, "maxPriorityFeePerGas");

      JsonNode replacement = awaitPending(account, 1, Set.of(firstHash)).values().iterator().next();
      assertThat(replacement.path("nonce").asText()).isEqualTo(first.path("nonce").asText());
      assertThat(hex(replacement, "maxFeePerGas")).isGreaterThanOrEqualTo(TxFees.raise(firstFee, 10));
      assertThat(hex(replacement, "maxPriorityFeePerGas")).isGreaterThanOrEqualTo(TxFees.raise(firstTip, 10));
      // the next block's base fee is above what the first version offered: only a replacement fits
      setNextBaseFee(firstFee.add(BigInteger.ONE));
      anvil.mine();

      TransactionReceipt receipt = Await.result(call);
      assertThat(receipt.isStatusOK()).isTrue();
      assertThat(receipt.getTransactionHash()).isNotEqualTo(firstHash);
      Transaction mined = transaction(chain, receipt.getTransactionHash());
      assertThat(mined.getNonce()).isEqualTo(new BigInteger(first.path("nonce").asText().substring(2), 16));
      assertThat(mined.getMaxFeePerGas()).isGreaterThan(firstFee);
      assertThat(chain.web3j.ethGetTransactionReceipt(firstHash).send().getTransactionReceipt()).isEmpty();
    }
  }

  @Test
  void shouldOutbidABaseFeeThatRoseAboveTheFirstOffer() throws Exception {
    EvmAccount account = EvmAccount.devAccount(4);
    try (EvmChain chain = EvmChain.connect(bumping(Duration.ofMillis(300)), account)) {
      anvil.setAutomine(false);
      CompletableFuture<TransactionReceipt> call = chain.sender.send(TARGET, "0x", "ping");
      JsonNode first = awaitPending(account, 1, Set.of()).values().iterator().next();
      String firstHash = first.path("hash").asText();
      BigInteger firstFee = hex(first, "maxFeePerGas");
      // the base fee jumps to 4x the offer: the block leaves the first version out (anvil drops it),
      // and a plain 15 % bump would still be far too low
      BigInteger high = firstFee.multiply(BigInteger.valueOf(4));
      setNextBaseFee(high);
      anvil.mine();
      assertThat(chain.web3j.ethGetTransactionReceipt(firstHash).send().getTransactionReceipt()).isEmpty();

      awaitPending(account, 1, Set.of(firstHash));
      anvil.mine();
      TransactionReceipt receipt = Await.result(call);
      assertThat(receipt.isStatusOK()).isTrue();
      assertThat(receipt.getTransactionHash()).isNotEqualTo(firstHash);
      // the replacement offered at least twice the base fee it saw (4x the first offer)
      assertThat(transaction(chain, receipt.getTransactionHash()).getMaxFeePerGas())
          .isGreaterThanOrEqualTo(high.multiply(BigInteger.TWO));
    }
  }

  @Test
  void shouldStopReplacingAtTheFeeCapAndTimeOutNamingIt() throws Exception {
    EvmAccount account = EvmAccount.devAccount(5);
    BigInteger firstFee = firstOffer();
    // room for one 15 % bump, not for a second
    BigInteger cap = firstFee.multiply(BigInteger.valueOf(120)).divide(BigInteger.valueOf(100));
    EvmConfig config = bumping(Duration.ofMillis(250))
        .withReceiptTimeout(Duration.ofMillis(50), Duration.ofSeconds(5)).withFeeCap(cap);
    try (EvmChain chain = EvmChain.connect(config, account)) {
      anvil.setAutomine(false);
      CompletableFuture<TransactionReceipt> call = chain.sender.send(TARGET, "0x", "ping");
      Throwable failure = catchThrowable(() -> Await.result(call));
      assertThat(failure).isInstanceOf(TransactionTimeoutException.class)
          .hasMessageContaining("sent 2 times")
          .hasMessageContaining("fee cap of " + cap + " wei/gas");
      Map<Long, JsonNode> left = pending(account);
      assertThat(left).hasSize(1);
      JsonNode last = left.values().iterator().next();
      assertThat(hex(last, "maxFeePerGas")).isGreaterThan(firstFee).isLessThanOrEqualTo(cap);
      assertThat(((TransactionTimeoutException) failure).transactionHash()).isEqualTo(last.path("hash").asText());
    }
  }

  @Test
  void shouldLowerAFirstOfferAboveTheCapToTheCap() throws Exception {
    EvmAccount account = EvmAccount.devAccount(6);
    BigInteger cap = firstOffer().subtract(BigInteger.ONE);
    EvmConfig config = EvmConfig.local(anvil.rpcUrl()).withFeeCap(cap);
    try (EvmChain chain = EvmChain.connect(config, account)) {
      TransactionReceipt receipt = Await.result(chain.sender.send(TARGET, "0x", "ping"));
      Transaction mined = transaction(chain, receipt.getTransactionHash());
      assertThat(mined.getMaxFeePerGas()).isEqualTo(cap);
      assertThat(mined.getMaxPriorityFeePerGas()).isLessThanOrEqualTo(cap);
    }
  }

  @Test
  void shouldKeepNoncesInOrderWhileReplacingConcurrentTransactions() throws Exception {
    EvmAccount account = EvmAccount.devAccount(7);
    try (EvmChain chain = EvmChain.connect(bumping(Duration.ofMillis(300)), account)) {
      BigInteger start = chain.web3j.ethGetTransactionCount(account.address().toHex(),
          org.web3j.protocol.core.DefaultBlockParameterName.LATEST).send().getTransactionCount();
      anvil.setAutomine(false);
      List<CompletableFuture<TransactionReceipt>> calls = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        calls.add(chain.sender.send(TARGET, "0x", "ping " + i));
      }
      Map<Long, JsonNode> firsts = awaitPending(account, 6, Set.of());
      Set<String> firstHashes = new HashSet<>();
      BigInteger highestFirstFee = BigInteger.ZERO;
      for (JsonNode t : firsts.values()) {
        firstHashes.add(t.path("hash").asText());
        highestFirstFee = highestFirstFee.max(hex(t, "maxFeePerGas"));
      }
      assertThat(firsts.keySet()).containsExactly(
          start.longValueExact(), start.longValueExact() + 1, start.longValueExact() + 2,
          start.longValueExact() + 3, start.longValueExact() + 4, start.longValueExact() + 5);
      awaitPending(account, 6, firstHashes); // every one replaced, none added
      setNextBaseFee(highestFirstFee.add(BigInteger.ONE));
      anvil.mine();

      Set<BigInteger> nonces = new HashSet<>();
      for (CompletableFuture<TransactionReceipt> c : calls) {
        TransactionReceipt r = Await.result(c);
        assertThat(r.isStatusOK()).isTrue();
        assertThat(firstHashes).doesNotContain(r.getTransactionHash());
        nonces.add(transaction(chain, r.getTransactionHash()).getNonce());
      }
      assertThat(nonces).hasSize(6);
      anvil.setAutomine(true);
      // the next call takes the next nonce: none was skipped or used twice
      TransactionReceipt after = Await.result(chain.sender.send(TARGET, "0x", "after"));
      assertThat(transaction(chain, after.getTransactionHash()).getNonce()).isEqualTo(start.add(BigInteger.valueOf(6)));
    }
  }
}
