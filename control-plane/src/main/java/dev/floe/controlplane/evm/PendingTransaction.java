package dev.floe.controlplane.evm;

import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.utils.Numeric;

/**
 * One call sent for one nonce, and every version of it handed to the node: the first and its
 * fee-bumped replacements (replace-by-fee). Whichever version is mined completes the call. All
 * versions carry the same nonce, target, value, data and gas limit; only the fees differ, so nonces are
 * never reused for another call nor skipped. Used by one poll chain at a time.
 */
final class PendingTransaction {
  private static final Logger LOG = LoggerFactory.getLogger(PendingTransaction.class);

  final String to;
  final BigInteger value;
  final String data;
  final BigInteger gasLimit;
  final String what;
  final BigInteger nonce;
  private final List<String> hashes = new CopyOnWriteArrayList<>();
  private volatile TxFees fees;
  private volatile long nextBumpNanos;
  private volatile String bumpStopped; // why no more replacements are sent, or null
  private volatile String minedHash;

  PendingTransaction(String to, BigInteger value, String data, BigInteger gasLimit, String what, BigInteger nonce,
      TxFees fees, String firstHash, long nextBumpNanos) {
    this.to = to;
    this.value = value;
    this.data = data;
    this.gasLimit = gasLimit;
    this.what = what;
    this.nonce = nonce;
    this.fees = fees;
    this.nextBumpNanos = nextBumpNanos;
    hashes.add(firstHash);
  }

  /** Every hash sent for this nonce, oldest first. */
  List<String> hashes() {
    return List.copyOf(hashes);
  }

  /** The hash of the newest version. */
  String latestHash() {
    return hashes.get(hashes.size() - 1);
  }

  /** The hash of the version that was mined, once known, else the newest. */
  String hash() {
    String mined = minedHash;
    return mined != null ? mined : latestHash();
  }

  void mined(String hash) {
    minedHash = hash;
  }

  TxFees fees() {
    return fees;
  }

  /** Whether a replacement is due at {@code nowNanos}. */
  boolean bumpDue(long nowNanos) {
    return bumpStopped == null && nowNanos - nextBumpNanos >= 0;
  }

  /** Why replacements stopped, if they did. */
  Optional<String> bumpStopped() {
    return Optional.ofNullable(bumpStopped);
  }

  /**
   * Sends a replacement with fees raised by {@code config.feeBumpPercent()} (within the fee cap) for
   * the same nonce and tracks its hash. Never throws: a failure is logged, and the next attempt
   * comes after another {@code feeBumpAfter}; a fee cap that leaves no room, or a node saying the
   * nonce is used, stops replacements.
   */
  void bump(Web3j web3j, EvmConfig config, long chainId, Credentials credentials, String name) {
    nextBumpNanos = System.nanoTime() + config.feeBumpAfter().toNanos();
    TxFees old = fees;
    BigInteger market;
    try {
      market = market(web3j, old.eip1559());
    } catch (IOException | RuntimeException e) {
      LOG.debug("{}: cannot read fees to replace {}: {}", name, latestHash(), e.getMessage());
      return;
    }
    Optional<TxFees> next = old.bumped(config.feeBumpPercent(), market, config.feeCap());
    if (next.isEmpty()) {
      bumpStopped = "the fee cap of " + config.feeCap().orElseThrow() + " wei/gas left no room for a "
          + TxFees.MIN_BUMP_PERCENT + " % higher replacement of " + old;
      LOG.warn("{}: {} (nonce {}) not mined and not replaced: {}", name, what, nonce, bumpStopped);
      return;
    }
    RawTransaction raw = next.get().raw(chainId, nonce, gasLimit, to, value, data);
    String hex = Numeric.toHexString(next.get().sign(raw, chainId, credentials));
    String hash = Hash.sha3(hex);
    hashes.add(hash); // before sending: if the answer is lost it may still be mined
    fees = next.get(); // raised even if refused, so the next attempt offers more
    EthSendTransaction response;
    try {
      response = web3j.ethSendRawTransaction(hex).send();
    } catch (IOException | RuntimeException e) {
      LOG.info("{}: replacement {} of {} may not have reached the node: {}", name, hash, what, e.getMessage());
      return;
    }
    if (!response.hasError()) {
      LOG.info("{}: {} (nonce {}) not mined after {}: replaced by {} with {} (was {})", name, what, nonce,
          config.feeBumpAfter(), hash, fees, old);
      return;
    }
    String message = String.valueOf(response.getError().getMessage());
    String lower = message.toLowerCase(Locale.ROOT);
    if (lower.contains("already known") || lower.contains("known transaction")) {
      return;
    }
    hashes.remove(hash);
    if (lower.contains("nonce too low") || lower.contains("nonce has already been used")) {
      // a version was mined (the next poll finds its receipt) or another process used the nonce
      bumpStopped = "the node reports nonce " + nonce + " as used";
      LOG.debug("{}: replacement of {} refused: {}", name, what, message);
    } else if (lower.contains("insufficient funds")) {
      bumpStopped = "the account cannot pay the higher fees (" + message + ")";
      LOG.warn("{}: {} (nonce {}) not replaced: {}", name, what, nonce, bumpStopped);
    } else {
      LOG.info("{}: replacement of {} (nonce {}) refused, trying higher fees later: {}", name, what, nonce, message);
    }
  }

  /** The latest base fee (EIP-1559) or the node's gas price (legacy). */
  private static BigInteger market(Web3j web3j, boolean eip1559) throws IOException {
    if (eip1559) {
      EthBlock.Block latest = web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock();
      return latest == null || latest.getBaseFeePerGasRaw() == null ? BigInteger.ZERO : latest.getBaseFeePerGas();
    }
    return web3j.ethGasPrice().send().getGasPrice();
  }

  /** Describes what was sent, for a timeout message. */
  String describe() {
    List<String> all = hashes();
    return all.size() == 1 ? "transaction " + all.get(0)
        : "transaction for nonce " + nonce + " (sent " + all.size() + " times with rising fees, last " + fees
            + ": " + String.join(", ", all) + ")";
  }
}
