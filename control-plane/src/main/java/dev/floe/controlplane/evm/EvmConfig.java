package dev.floe.controlplane.evm;

import java.time.Duration;
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
 */
public record EvmConfig(
    String rpcUrl,
    Duration receiptPollInterval,
    Duration receiptTimeout,
    int rpcAttempts,
    Duration retryBaseDelay,
    OptionalLong gasLimitOverride,
    int gasMarginPercent) {

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
  }

  /** Settings for a local chain: 50 ms receipt polls, 2 min timeout, 6 attempts from 100 ms, 25 % gas margin. */
  public static EvmConfig local(String rpcUrl) {
    return new EvmConfig(rpcUrl, Duration.ofMillis(50), Duration.ofMinutes(2), 6, Duration.ofMillis(100),
        OptionalLong.empty(), 25);
  }

  /** Settings for a public network: 1 s receipt polls, 10 min timeout, 8 attempts from 500 ms. */
  public static EvmConfig remote(String rpcUrl) {
    return new EvmConfig(rpcUrl, Duration.ofSeconds(1), Duration.ofMinutes(10), 8, Duration.ofMillis(500),
        OptionalLong.empty(), 25);
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
        OptionalLong.of(gasLimit), gasMarginPercent);
  }
}
