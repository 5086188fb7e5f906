package dev.floe.controlplane.evm;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.exceptions.ClientConnectionException;
import org.web3j.protocol.http.HttpService;

/**
 * JSON-RPC over HTTP that retries transport failures (connection refused or reset, timeouts,
 * HTTP 5xx and 429) with exponential backoff and jitter. JSON-RPC errors are answers, not
 * failures, and are never retried here. A retried {@code eth_sendRawTransaction} is harmless: the
 * sender recognizes its own transaction by hash.
 */
final class RetryingHttpService extends HttpService {
  private static final Logger LOG = LoggerFactory.getLogger(RetryingHttpService.class);
  private static final Duration MAX_DELAY = Duration.ofSeconds(5);

  private final int attempts;
  private final Duration baseDelay;
  private final String name;

  RetryingHttpService(String url, int attempts, Duration baseDelay, String name) {
    super(url, new OkHttpClient.Builder()
        .connectTimeout(5, TimeUnit.SECONDS)
        .readTimeout(60, TimeUnit.SECONDS)
        .writeTimeout(60, TimeUnit.SECONDS)
        .build());
    this.attempts = attempts;
    this.baseDelay = baseDelay;
    this.name = name;
  }

  @Override
  protected InputStream performIO(String request) throws IOException {
    long delay = baseDelay.toMillis();
    for (int attempt = 1; ; attempt++) {
      try {
        return super.performIO(request);
      } catch (IOException | ClientConnectionException e) {
        if (attempt >= attempts || !isTransient(e)) {
          throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
        long sleep = Math.min(MAX_DELAY.toMillis(), delay) + ThreadLocalRandom.current().nextLong(delay / 4 + 1);
        LOG.debug("{}: rpc attempt {} failed ({}), retrying in {} ms", name, attempt, e.getMessage(), sleep);
        try {
          Thread.sleep(sleep);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while retrying", ie);
        }
        delay *= 2;
      }
    }
  }

  private static boolean isTransient(Exception e) {
    if (e instanceof IOException) {
      return true;
    }
    String m = String.valueOf(e.getMessage());
    // web3j reports non-2xx answers as "Invalid response received: <code>; <body>"
    return m.contains(": 5") || m.contains(": 429");
  }
}
