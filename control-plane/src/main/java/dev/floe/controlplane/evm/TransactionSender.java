package dev.floe.controlplane.evm;

import dev.floe.controlplane.ChainUnavailableException;
import dev.floe.controlplane.ControlPlaneException;
import dev.floe.controlplane.InsufficientFundsException;
import dev.floe.controlplane.RevertedException;
import dev.floe.controlplane.TransactionTimeoutException;
import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthGetTransactionCount;
import org.web3j.protocol.core.methods.response.EthMaxPriorityFeePerGas;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Sends transactions from one account: estimates gas (a refusal at estimation is decoded into a
 * typed exception: the RPC-error style), assigns nonces in call order under a lock so concurrent
 * callers never collide, signs EIP-1559 (or legacy) transactions, and waits for receipts by
 * scheduled polls (at once, then from 10 ms doubling up to the configured interval) rather than
 * sleeping threads. A receipt with failed status (anvil's style) is
 * explained by replaying the transaction with {@code eth_call} on the state before its block.
 * After a receipt timeout or a transport failure the cached nonce is dropped and the next send asks
 * the node, so a transaction the node never kept does not leave a gap that stalls every later one.
 *
 * <p>Replace-by-fee: a transaction without a receipt after {@link EvmConfig#feeBumpAfter()} is
 * signed again with the same nonce and fees raised by {@link EvmConfig#feeBumpPercent()} (at most
 * {@link EvmConfig#feeCap()}), again after each further such period, until {@link
 * EvmConfig#receiptTimeout()}; every hash sent for the nonce is polled and whichever is mined
 * completes the call ({@link PendingTransaction}). Replacements reuse only their own nonce and
 * never touch the nonce counter, so concurrent callers stay in order.
 * Thread-safe.
 */
final class TransactionSender {
  private static final Logger LOG = LoggerFactory.getLogger(TransactionSender.class);
  private static final BigInteger DEFAULT_PRIORITY_FEE = BigInteger.valueOf(1_000_000_000L);
  private static final Pattern HEX_DATA = Pattern.compile("0x[0-9a-fA-F]{8,}");
  /** The first wait between receipt polls; it doubles up to the configured interval. */
  private static final long FIRST_RECEIPT_RETRY_MILLIS = 10;

  private final Web3j web3j;
  private final EvmConfig config;
  private final EvmAccount account;
  private final long chainId;
  private final RevertDecoder decoder;
  private final Executor executor;
  private final ScheduledExecutorService scheduler;
  private final String name;
  private final ReentrantLock nonceLock = new ReentrantLock();
  private BigInteger nextNonce; // guarded by nonceLock; null = ask the node

  TransactionSender(
      Web3j web3j, EvmConfig config, EvmAccount account, long chainId, RevertDecoder decoder, Executor executor,
      ScheduledExecutorService scheduler, String name) {
    this.web3j = web3j;
    this.config = config;
    this.account = account;
    this.chainId = chainId;
    this.decoder = decoder;
    this.executor = executor;
    this.scheduler = scheduler;
    this.name = name;
  }

  /** Sends a call of {@code data} to {@code to}; completes with the successful receipt. */
  CompletableFuture<TransactionReceipt> send(String to, String data, String what) {
    return send(to, BigInteger.ZERO, data, what);
  }

  /**
   * Sends {@code value} wei with a call of {@code data} (or {@code 0x}: a plain payment) to {@code to};
   * completes with the successful receipt.
   */
  CompletableFuture<TransactionReceipt> send(String to, BigInteger value, String data, String what) {
    return CompletableFuture.supplyAsync(() -> submit(to, value, data, what), executor).thenCompose(this::confirm);
  }

  /** Deploys a contract with creation code {@code data}; completes with the successful receipt. */
  CompletableFuture<TransactionReceipt> deploy(String data, String what) {
    return send(null, data, what);
  }

  private PendingTransaction submit(String to, BigInteger value, String data, String what) {
    try {
      BigInteger gasLimit = config.gasLimitOverride().isPresent()
          ? BigInteger.valueOf(config.gasLimitOverride().getAsLong())
          : estimateGas(to, value, data);
      TxFees fees = fees();
      nonceLock.lock();
      try {
        for (int attempt = 0; ; attempt++) {
          if (nextNonce == null) {
            EthGetTransactionCount count = web3j.ethGetTransactionCount(
                account.address().toHex(), DefaultBlockParameterName.PENDING).send();
            if (count.hasError()) {
              throw new ChainUnavailableException("eth_getTransactionCount failed: " + count.getError().getMessage());
            }
            nextNonce = count.getTransactionCount();
          }
          RawTransaction raw = fees.raw(chainId, nextNonce, gasLimit, to, value, data);
          String hex = Numeric.toHexString(fees.sign(raw, chainId, account.credentials()));
          String hash = Hash.sha3(hex);
          EthSendTransaction response;
          boolean accepted;
          try {
            response = web3j.ethSendRawTransaction(hex).send();
            accepted = !response.hasError() || isOwnDuplicate(response.getError(), hash);
          } catch (IOException e) {
            nextNonce = null;
            throw new ChainUnavailableException(what + ": chain unreachable while sending transaction " + hash
                + " (nonce " + raw.getNonce() + "); it may have reached the node: look it up before sending again: "
                + e.getMessage(), e, hash);
          }
          if (accepted) {
            nextNonce = nextNonce.add(BigInteger.ONE);
            LOG.debug("{}: sent {} as {} (nonce {}, gas {}, {})", name, what, hash, raw.getNonce(), gasLimit, fees);
            return new PendingTransaction(to, value, data, gasLimit, what, raw.getNonce(), fees, hash,
                System.nanoTime() + config.feeBumpAfter().toNanos());
          }
          nextNonce = null;
          String message = String.valueOf(response.getError().getMessage());
          if (attempt == 0 && message.toLowerCase().contains("nonce")) {
            continue; // another sender used this account: take the node's count and try once more
          }
          if (isInsufficientFunds(message)) {
            throw cannotPay(what, message);
          }
          String revert = revertData(response.getError());
          if (revert != null || message.contains("revert")) {
            throw decoder.decode(revert, what + ": " + message);
          }
          throw new ControlPlaneException(what + ": eth_sendRawTransaction failed: " + message);
        }
      } finally {
        nonceLock.unlock();
      }
    } catch (IOException e) {
      forgetNonce();
      throw new ChainUnavailableException(what + ": chain unreachable: " + e.getMessage(), e);
    }
  }

  /** Drops the cached next nonce: the next send takes the node's pending transaction count. */
  private void forgetNonce() {
    nonceLock.lock();
    try {
      nextNonce = null;
    } finally {
      nonceLock.unlock();
    }
  }

  private boolean isOwnDuplicate(Response.Error error, String hash) throws IOException {
    String m = String.valueOf(error.getMessage()).toLowerCase();
    if (!(m.contains("already known") || m.contains("known transaction") || m.contains("already imported")
        || m.contains("nonce too low"))) {
      return false;
    }
    // a retried send whose first attempt reached the node
    return web3j.ethGetTransactionByHash(hash).send().getTransaction().isPresent();
  }

  private BigInteger estimateGas(String to, BigInteger value, String data) throws IOException {
    String from = account.address().toHex();
    Transaction tx = to == null
        ? Transaction.createContractTransaction(from, null, null, data)
        : value.signum() == 0 ? Transaction.createEthCallTransaction(from, to, data)
        : Transaction.createFunctionCallTransaction(from, null, null, null, to, value, data);
    EthEstimateGas estimate = web3j.ethEstimateGas(tx).send();
    if (estimate.hasError()) {
      String message = String.valueOf(estimate.getError().getMessage());
      if (isInsufficientFunds(message)) {
        throw cannotPay("eth_estimateGas", message);
      }
      String revert = revertData(estimate.getError());
      if (revert != null || message.contains("revert")) {
        throw decoder.decode(revert, message);
      }
      throw new ControlPlaneException("eth_estimateGas failed: " + message);
    }
    BigInteger gas = estimate.getAmountUsed();
    return gas.multiply(BigInteger.valueOf(100L + config.gasMarginPercent())).divide(BigInteger.valueOf(100))
        .add(BigInteger.valueOf(10_000));
  }

  /** First fees: EIP-1559 when the latest block has a base fee, else legacy; within the fee cap. */
  private TxFees fees() throws IOException {
    EthBlock.Block latest = web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock();
    if (latest != null && latest.getBaseFeePerGasRaw() != null) {
      EthMaxPriorityFeePerGas tip = web3j.ethMaxPriorityFeePerGas().send();
      BigInteger priority = tip.hasError() || tip.getMaxPriorityFeePerGas() == null
          ? DEFAULT_PRIORITY_FEE : tip.getMaxPriorityFeePerGas();
      return TxFees.eip1559(latest.getBaseFeePerGas(), priority, config.feeCap());
    }
    return TxFees.legacy(web3j.ethGasPrice().send().getGasPrice(), config.feeCap());
  }

  private CompletableFuture<TransactionReceipt> confirm(PendingTransaction sent) {
    CompletableFuture<TransactionReceipt> result = new CompletableFuture<>();
    long deadline = System.nanoTime() + config.receiptTimeout().toNanos();
    poll(sent, result, deadline, Math.min(FIRST_RECEIPT_RETRY_MILLIS, config.receiptPollInterval().toMillis()));
    return result.thenApplyAsync(receipt -> checkStatus(sent, receipt), executor);
  }

  /**
   * Looks for a receipt of any version of the transaction now (a chain that mines on every
   * transaction already has it), then again after {@code delayMillis}, doubling up to the configured
   * poll interval: a receipt is seen soon after it exists without polling fast for long. Sends a
   * fee-bumped replacement when one is due.
   */
  private void poll(PendingTransaction sent, CompletableFuture<TransactionReceipt> result, long deadline,
      long delayMillis) {
    executor.execute(() -> {
      for (String hash : sent.hashes()) {
        try {
          Optional<TransactionReceipt> receipt = web3j.ethGetTransactionReceipt(hash).send().getTransactionReceipt();
          if (receipt.isPresent()) {
            sent.mined(hash);
            result.complete(receipt.get());
            return;
          }
        } catch (IOException | RuntimeException e) {
          LOG.debug("{}: receipt poll for {} failed: {}", name, hash, e.getMessage());
        }
      }
      long now = System.nanoTime();
      if (now > deadline) {
        forgetNonce(); // the node may have dropped it: the next send asks the node instead of leaving a gap
        result.completeExceptionally(new TransactionTimeoutException(sent.latestHash(),
            sent.what + ": " + sent.describe() + " not mined within " + config.receiptTimeout()
                + sent.bumpStopped().map(why -> "; no more replacements were sent because " + why).orElse("")));
        return;
      }
      if (config.bumpsFees() && sent.bumpDue(now)) {
        sent.bump(web3j, config, chainId, account.credentials(), name);
      }
      long next = Math.min(delayMillis * 2, config.receiptPollInterval().toMillis());
      scheduler.schedule(() -> poll(sent, result, deadline, next), delayMillis, TimeUnit.MILLISECONDS);
    });
  }

  private TransactionReceipt checkStatus(PendingTransaction sent, TransactionReceipt receipt) {
    if (receipt.isStatusOK()) {
      return receipt;
    }
    throw replayFailure(sent, receipt);
  }

  /** Explains a mined, failed transaction by re-running it on the state before its block. */
  private ControlPlaneException replayFailure(PendingTransaction sent, TransactionReceipt receipt) {
    String fallback = sent.what + ": transaction " + sent.hash() + " failed (status " + receipt.getStatus()
        + ", gas used " + receipt.getGasUsed() + " of " + sent.gasLimit + ")";
    try {
      BigInteger block = receipt.getBlockNumber().subtract(BigInteger.ONE).max(BigInteger.ZERO);
      Transaction tx = new Transaction(account.address().toHex(), null, null, sent.gasLimit, sent.to,
          sent.value, sent.data);
      EthCall call = web3j.ethCall(tx, DefaultBlockParameter.valueOf(block)).send();
      if (call.hasError()) {
        return decoder.decode(revertData(call.getError()), fallback);
      }
      if (call.isReverted()) {
        return decoder.decode(call.getRevertReasonEncodedData(), fallback);
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("{}: replay of {} failed: {}", name, sent.hash(), e.getMessage());
    }
    if (receipt.getGasUsed() != null && receipt.getGasUsed().equals(sent.gasLimit)) {
      return new RevertedException(fallback + ": out of gas", "OutOfGas", List.of());
    }
    return new RevertedException(fallback, "Unknown", List.of());
  }

  /** Whether a node's error says the account cannot pay value plus fees ("insufficient funds for gas * price + value"). */
  private static boolean isInsufficientFunds(String message) {
    return message.toLowerCase(java.util.Locale.ROOT).contains("insufficient funds");
  }

  /** The node refused a transaction the account cannot pay for: {@code InsufficientFundsForGas(account)}. */
  private InsufficientFundsException cannotPay(String what, String message) {
    String address = account.address().toHex();
    return new InsufficientFundsException(what + ": the account " + address + " cannot pay the transaction's value"
        + " and fees in the chain's native currency (" + message + ")", "InsufficientFundsForGas", List.of(address));
  }

  /** The revert data in a JSON-RPC error, whether the node gives it as a string or inside an object. */
  static String revertData(Response.Error error) {
    if (error == null) {
      return null;
    }
    String data = error.getData();
    if (data != null) {
      Matcher m = HEX_DATA.matcher(data);
      if (m.find()) {
        return m.group();
      }
    }
    // some nodes put "custom error 0x..." only in the message
    Matcher m = HEX_DATA.matcher(String.valueOf(error.getMessage()));
    return m.find() ? m.group() : null;
  }

  /** Unwraps a {@link CompletionException} around a control-plane failure. */
  static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }
}
