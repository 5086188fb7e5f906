package dev.floe.controlplane.evm;

import dev.floe.controlplane.ChainUnavailableException;
import dev.floe.controlplane.ControlPlaneException;
import java.io.IOException;
import java.math.BigInteger;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.response.EthChainId;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * One connection to an EVM chain for one account: the web3j client over a retrying HTTP service,
 * the executor for blocking RPC calls (virtual threads), the scheduler for receipt polls, the
 * transaction sender and the call manager the generated wrappers read through. Thread-safe.
 */
final class EvmChain implements AutoCloseable {
  final EvmConfig config;
  final EvmAccount account;
  final Web3j web3j;
  final long chainId;
  final RevertDecoder decoder;
  final CallManager calls;
  final TransactionSender sender;
  final ExecutorService executor;
  final ScheduledExecutorService scheduler;
  final String name;

  private EvmChain(EvmConfig config, EvmAccount account, Web3j web3j, long chainId, RevertDecoder decoder,
      ExecutorService executor, ScheduledExecutorService scheduler, String name) {
    this.config = config;
    this.account = account;
    this.web3j = web3j;
    this.chainId = chainId;
    this.decoder = decoder;
    this.executor = executor;
    this.scheduler = scheduler;
    this.name = name;
    this.calls = new CallManager(web3j, account.address().toHex(), decoder);
    this.sender = new TransactionSender(web3j, config, account, chainId, decoder, executor, scheduler, name);
  }

  /** Connects and reads the chain ID. */
  static EvmChain connect(EvmConfig config, EvmAccount account) {
    String name = "chain/" + account.address().toHex().substring(0, 10);
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name + "-poll");
      t.setDaemon(true);
      return t;
    });
    ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(name + "-rpc-", 0).factory());
    RetryingHttpService service = new RetryingHttpService(config.rpcUrl(), config.rpcAttempts(), config.retryBaseDelay(), name);
    Web3j web3j = Web3j.build(service, config.receiptPollInterval().toMillis(), scheduler);
    try {
      EthChainId id = web3j.ethChainId().send();
      if (id.hasError()) {
        throw new ChainUnavailableException("eth_chainId failed at " + config.loggableRpcUrl() + ": " + id.getError().getMessage());
      }
      return new EvmChain(config, account, web3j, id.getChainId().longValueExact(), RevertDecoder.load(), executor,
          scheduler, name);
    } catch (IOException | RuntimeException e) {
      web3j.shutdown();
      executor.shutdownNow();
      if (e instanceof ControlPlaneException c) {
        throw c;
      }
      throw new ChainUnavailableException("cannot reach the chain at " + config.loggableRpcUrl() + ": " + e.getMessage(), e);
    }
  }

  /** Runs a blocking read on the executor, translating failures into control-plane exceptions. */
  <T> CompletableFuture<T> read(String what, Callable<T> call) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return call.call();
      } catch (ControlPlaneException e) {
        throw e;
      } catch (IOException e) {
        throw new ChainUnavailableException(what + ": chain unreachable: " + e.getMessage(), e);
      } catch (Exception e) {
        Throwable cause = e.getCause() instanceof ControlPlaneException c ? c : e;
        if (cause instanceof ControlPlaneException c) {
          throw c;
        }
        throw new ControlPlaneException(what + " failed: " + e.getMessage(), e);
      }
    }, executor);
  }

  /** Reads a wrapper call's result. */
  <T> CompletableFuture<T> read(String what, RemoteFunctionCall<T> call) {
    return read(what, call::send);
  }

  /** Sends a wrapper function as a transaction to {@code contract}. */
  CompletableFuture<TransactionReceipt> send(String contract, RemoteFunctionCall<?> function, String what) {
    return sender.send(contract, function.encodeFunctionCall(), what);
  }

  /** The latest block number. */
  CompletableFuture<Long> latestBlock() {
    return read("eth_blockNumber", () -> web3j.ethBlockNumber().send().getBlockNumber().longValueExact());
  }

  /** The timestamp of the latest block. */
  CompletableFuture<java.time.Instant> latestBlockTime() {
    return read("eth_getBlockByNumber", () -> {
      var block = web3j.ethGetBlockByNumber(org.web3j.protocol.core.DefaultBlockParameterName.LATEST, false).send();
      if (block.hasError() || block.getBlock() == null) {
        throw new java.io.IOException("no latest block" + (block.hasError() ? ": " + block.getError().getMessage() : ""));
      }
      return java.time.Instant.ofEpochSecond(block.getBlock().getTimestamp().longValueExact());
    });
  }

  /** The ETH balance of an address, in wei. */
  CompletableFuture<BigInteger> etherBalance(String address) {
    return read("eth_getBalance", () -> web3j.ethGetBalance(address,
        org.web3j.protocol.core.DefaultBlockParameterName.LATEST).send().getBalance());
  }

  static RuntimeException unwrap(Throwable t) {
    Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    return c instanceof RuntimeException r ? r : new ControlPlaneException(c.getMessage(), c);
  }

  @Override
  public void close() {
    web3j.shutdown();
    executor.shutdownNow();
    scheduler.shutdownNow();
  }
}
