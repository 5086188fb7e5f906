package dev.floe.controlplane.evm;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How the EVM control plane talks to its chain.
 *
 * @param rpcUrl the JSON-RPC HTTP endpoint
 * @param receiptPollInterval how often to look for a sent transaction's receipt (50 ms suits a
 *     local chain that mines on every transaction)
 * @param receiptTimeout how long to wait for a receipt before {@link
 *     dev.floe.controlplane.TransactionTimeoutException}
 * @param rpcAttempts attempts per RPC request on transport failures (1 = no retry)
 * @param retryBaseDelay the first retry delay; it doubles per attempt (with jitter) up to 5 s
 * @param gasLimitOverride a fixed gas limit instead of estimation (a refused transaction is then
 *     mined with a failed status by nodes like anvil, and the reason is recovered by replaying it)
 * @param gasMarginPercent added to the estimate, in percent
 * @param feeBumpAfter how long a sent transaction may go without a receipt before it is sent again
 *     with the same nonce and higher fees (replace-by-fee); again after each further such period,
 *     until {@code receiptTimeout}. At least the poll interval; at least {@code receiptTimeout}
 *     turns bumping off
 * @param feeBumpPercent how much each replacement raises the fees, in percent (10..1000; nodes
 *     refuse replacements below +10 % of both the fee cap and the priority fee)
 * @param feeCap the most wei per gas any transaction may offer (EIP-1559 max fee, or legacy gas
 *     price), if limited. A first fee above it is lowered to it; once a replacement could not
 *     offer the required increase within it, no more replacements are sent and the call fails with
 *     {@link dev.floe.controlplane.TransactionTimeoutException} at {@code receiptTimeout} unless one
 *     of the transactions already sent is mined by then
 */
public record EvmConfig(
    String rpcUrl,
    Duration receiptPollInterval,
    Duration receiptTimeout,
    int rpcAttempts,
    Duration retryBaseDelay,
    OptionalLong gasLimitOverride,
    int gasMarginPercent,
    Duration feeBumpAfter,
    int feeBumpPercent,
    Optional<BigInteger> feeCap) {

  /** Percent by which replacements raise fees unless configured otherwise. */
  public static final int DEFAULT_FEE_BUMP_PERCENT = 15;

  public EvmConfig {
    if (rpcUrl == null || rpcUrl.isBlank()) {
      throw new IllegalArgumentException("RPC URL is required");
    }
    if (receiptPollInterval == null || receiptPollInterval.isNegative() || receiptPollInterval.isZero()) {
      throw new IllegalArgumentException("receipt poll interval must be positive");
    }
    if (receiptTimeout == null || receiptTimeout.compareTo(receiptPollInterval) < 0) {
      throw new IllegalArgumentException("receipt timeout must be at least the poll interval");
    }
    if (rpcAttempts < 1 || rpcAttempts > 20) {
      throw new IllegalArgumentException("RPC attempts must be in [1, 20], got " + rpcAttempts);
    }
    if (retryBaseDelay == null || retryBaseDelay.isNegative()) {
      throw new IllegalArgumentException("retry delay must not be negative");
    }
    if (gasLimitOverride == null || (gasLimitOverride.isPresent() && gasLimitOverride.getAsLong() < 21_000)) {
      throw new IllegalArgumentException("gas limit override must be at least 21000");
    }
    if (gasMarginPercent < 0 || gasMarginPercent > 500) {
      throw new IllegalArgumentException("gas margin must be in [0, 500] percent");
    }
    if (feeBumpAfter == null || feeBumpAfter.compareTo(receiptPollInterval) < 0) {
      throw new IllegalArgumentException("fee bump delay must be at least the receipt poll interval, got " + feeBumpAfter);
    }
    if (feeBumpPercent < 10 || feeBumpPercent > 1000) {
      throw new IllegalArgumentException("fee bump must be in [10, 1000] percent (nodes refuse smaller replacements), got "
          + feeBumpPercent);
    }
    if (feeCap == null || (feeCap.isPresent() && feeCap.get().signum() <= 0)) {
      throw new IllegalArgumentException("fee cap must be a positive number of wei per gas when given, got " + feeCap);
    }
  }

  /**
   * A configuration without replace-by-fee (a transaction is sent once and awaited until {@code
   * receiptTimeout}) and without a fee cap; turn bumping on with {@link #withFeeBump}.
   */
  public EvmConfig(String rpcUrl, Duration receiptPollInterval, Duration receiptTimeout, int rpcAttempts,
      Duration retryBaseDelay, OptionalLong gasLimitOverride, int gasMarginPercent) {
    this(rpcUrl, receiptPollInterval, receiptTimeout, rpcAttempts, retryBaseDelay, gasLimitOverride, gasMarginPercent,
        receiptTimeout, DEFAULT_FEE_BUMP_PERCENT, Optional.empty());
  }

  /** Whether unmined transactions are replaced with higher fees before the receipt timeout. */
  public boolean bumpsFees() {
    return feeBumpAfter.compareTo(receiptTimeout) < 0;
  }

  /**
   * Settings for a local chain: 50 ms receipt polls, 2 min timeout, 6 attempts from 100 ms, 25 % gas
   * margin, fees bumped by 15 % after 10 s without a receipt, no fee cap.
   */
  public static EvmConfig local(String rpcUrl) {
    return new EvmConfig(rpcUrl, Duration.ofMillis(50), Duration.ofMinutes(2), 6, Duration.ofMillis(100),
        OptionalLong.empty(), 25, Duration.ofSeconds(10), DEFAULT_FEE_BUMP_PERCENT, Optional.empty());
  }

  /**
   * Settings for a public network: 1 s receipt polls, 10 min timeout, 8 attempts from 500 ms, fees
   * bumped by 15 % after 60 s without a receipt, no fee cap (set one with {@link #withFeeCap}).
   */
  public static EvmConfig remote(String rpcUrl) {
    return new EvmConfig(rpcUrl, Duration.ofSeconds(1), Duration.ofMinutes(10), 8, Duration.ofMillis(500),
        OptionalLong.empty(), 25, Duration.ofSeconds(60), DEFAULT_FEE_BUMP_PERCENT, Optional.empty());
  }

  /** {@link #local} for a loopback URL (localhost, 127.0.0.1, [::1]), else {@link #remote}. */
  public static EvmConfig forUrl(String rpcUrl) {
    String host;
    try {
      host = java.net.URI.create(rpcUrl).getHost();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a URL: '" + rpcUrl + "'", e);
    }
    if (host == null) {
      throw new IllegalArgumentException("RPC URL has no host: '" + rpcUrl + "'");
    }
    boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
    return loopback ? local(rpcUrl) : remote(rpcUrl);
  }

  /** This configuration with a fixed gas limit (no estimation). */
  public EvmConfig withGasLimit(long gasLimit) {
    return new EvmConfig(rpcUrl, receiptPollInterval, receiptTimeout, rpcAttempts, retryBaseDelay,
        OptionalLong.of(gasLimit), gasMarginPercent, feeBumpAfter, feeBumpPercent, feeCap);
  }

  /** This configuration with replace-by-fee after {@code after} without a receipt, by {@code percent}. */
  public EvmConfig withFeeBump(Duration after, int percent) {
    return new EvmConfig(rpcUrl, receiptPollInterval, receiptTimeout, rpcAttempts, retryBaseDelay,
        gasLimitOverride, gasMarginPercent, after, percent, feeCap);
  }

  /** This configuration with no transaction offering more than {@code weiPerGas}. */
  public EvmConfig withFeeCap(BigInteger weiPerGas) {
    return new EvmConfig(rpcUrl, receiptPollInterval, receiptTimeout, rpcAttempts, retryBaseDelay,
        gasLimitOverride, gasMarginPercent, feeBumpAfter, feeBumpPercent, Optional.of(weiPerGas));
  }

  /** This configuration with a different receipt timeout (and poll interval). */
  public EvmConfig withReceiptTimeout(Duration pollInterval, Duration timeout) {
    return new EvmConfig(rpcUrl, pollInterval, timeout, rpcAttempts, retryBaseDelay,
        gasLimitOverride, gasMarginPercent, feeBumpAfter.compareTo(pollInterval) < 0 ? pollInterval : feeBumpAfter,
        feeBumpPercent, feeCap);
  }

  /**
   * The RPC URL for logs and messages: scheme, host and port only. Hosted providers put API keys in
   * the path, the query or the user info, none of which may reach a log.
   */
  public String loggableRpcUrl() {
    return loggable(rpcUrl);
  }

  /** {@code url} reduced to scheme, host and port ({@code "<rpc url>"} if it does not parse). */
  static String loggable(String url) {
    try {
      java.net.URI uri = java.net.URI.create(url.strip());
      if (uri.getScheme() == null || uri.getHost() == null) {
        return "<rpc url>";
      }
      boolean hidden = uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")
          || uri.getRawQuery() != null || uri.getRawUserInfo() != null || uri.getRawFragment() != null;
      return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
          + (hidden ? "/…" : "");
    } catch (IllegalArgumentException e) {
      return "<rpc url>";
    }
  }
}
