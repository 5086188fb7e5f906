package dev.floe.controlplane.evm;

import java.math.BigInteger;
import java.util.Optional;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;

/**
 * The fee fields of one transaction, and how a replacement for the same nonce raises them.
 *
 * <p>EIP-1559 transactions carry a max fee and a priority fee per gas; legacy ones a gas price
 * (kept in {@code maxFee}, with no priority fee). Nodes accept a replacement only if it raises
 * the max fee and the priority fee (or the gas price) by at least {@value #MIN_BUMP_PERCENT} %.
 *
 * @param eip1559 whether the transaction is an EIP-1559 one
 * @param maxFee max fee per gas (EIP-1559) or gas price (legacy), in wei
 * @param priorityFee max priority fee per gas (EIP-1559; zero for legacy), in wei
 */
record TxFees(boolean eip1559, BigInteger maxFee, BigInteger priorityFee) {
  /** The smallest increase nodes accept for a replacement (geth's default price bump). */
  static final int MIN_BUMP_PERCENT = 10;

  TxFees {
    if (maxFee.signum() < 0 || priorityFee.signum() < 0 || priorityFee.compareTo(maxFee) > 0) {
      throw new IllegalArgumentException("invalid fees: max " + maxFee + ", priority " + priorityFee);
    }
  }

  /** First fees for an EIP-1559 transaction: twice the base fee plus the tip, at most {@code cap}. */
  static TxFees eip1559(BigInteger baseFee, BigInteger priorityFee, Optional<BigInteger> cap) {
    BigInteger fee = baseFee.multiply(BigInteger.TWO).add(priorityFee);
    if (cap.isPresent()) {
      fee = fee.min(cap.get());
    }
    return new TxFees(true, fee, priorityFee.min(fee));
  }

  /** First fees for a legacy transaction: the node's gas price, at most {@code cap}. */
  static TxFees legacy(BigInteger gasPrice, Optional<BigInteger> cap) {
    return new TxFees(false, cap.isPresent() ? gasPrice.min(cap.get()) : gasPrice, BigInteger.ZERO);
  }

  /**
   * Fees for a replacement: each raised by {@code percent}, and (EIP-1559) the max fee at least
   * twice {@code market} (the latest base fee) plus the new tip, or (legacy) the gas price at least
   * {@code market} (the node's current gas price). Empty when {@code cap} leaves no room for the
   * increase nodes require.
   */
  Optional<TxFees> bumped(int percent, BigInteger market, Optional<BigInteger> cap) {
    BigInteger minFee = raise(maxFee, MIN_BUMP_PERCENT);
    BigInteger tip = BigInteger.ZERO;
    BigInteger fee = raise(maxFee, percent);
    if (eip1559) {
      tip = raise(priorityFee, percent);
      fee = fee.max(market.multiply(BigInteger.TWO).add(tip));
    } else {
      fee = fee.max(market);
    }
    if (cap.isPresent()) {
      fee = fee.min(cap.get());
    }
    if (fee.compareTo(minFee) < 0) {
      return Optional.empty();
    }
    if (eip1559) {
      tip = tip.min(fee);
      if (tip.compareTo(raise(priorityFee, MIN_BUMP_PERCENT)) < 0) {
        return Optional.empty();
      }
    }
    return Optional.of(new TxFees(eip1559, fee, tip));
  }

  /** {@code value} raised by {@code percent}, rounded up, and by at least 1. */
  static BigInteger raise(BigInteger value, int percent) {
    BigInteger[] qr = value.multiply(BigInteger.valueOf(100L + percent)).divideAndRemainder(BigInteger.valueOf(100));
    BigInteger raised = qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
    return raised.max(value.add(BigInteger.ONE));
  }

  /** The unsigned transaction with these fees, moving no native currency. */
  RawTransaction raw(long chainId, BigInteger nonce, BigInteger gasLimit, String to, String data) {
    return raw(chainId, nonce, gasLimit, to, BigInteger.ZERO, data);
  }

  /** The unsigned transaction with these fees, sending {@code value} wei along. */
  RawTransaction raw(long chainId, BigInteger nonce, BigInteger gasLimit, String to, BigInteger value, String data) {
    String target = to == null ? "" : to;
    return eip1559
        ? RawTransaction.createTransaction(chainId, nonce, gasLimit, target, value, data, priorityFee, maxFee)
        : RawTransaction.createTransaction(nonce, maxFee, gasLimit, target, value, data);
  }

  /** Signs {@code raw} (built by {@link #raw}) for {@code chainId}. */
  byte[] sign(RawTransaction raw, long chainId, Credentials credentials) {
    return eip1559
        ? TransactionEncoder.signMessage(raw, credentials)
        : TransactionEncoder.signMessage(raw, chainId, credentials);
  }

  @Override
  public String toString() {
    return eip1559 ? "max fee " + maxFee + " wei/gas, priority " + priorityFee : "gas price " + maxFee + " wei";
  }
}
