package dev.floe.client.daemon;

import dev.floe.client.StoreOptions;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;

/**
 * Query parameters of the daemon's routes, parsed strictly: a bad value is an {@link
 * IllegalArgumentException} naming the parameter.
 */
final class DaemonParams {
  private static final int MAX_EPOCHS = 1000;

  private DaemonParams() {}

  /** The store options of {@code PUT /v1/blobs?epochs=&deletable=&permanent=&force=}. */
  static StoreOptions storeOptions(RoutingContext ctx) {
    int epochs = (int) longParam(ctx, "epochs", 1, MAX_EPOCHS, 1L);
    boolean deletable = boolParam(ctx, "deletable", false);
    boolean permanent = boolParam(ctx, "permanent", false);
    if (deletable && permanent) {
      throw new IllegalArgumentException("'deletable' and 'permanent' are mutually exclusive");
    }
    boolean force = boolParam(ctx, "force", false);
    return new StoreOptions(epochs, deletable, force);
  }

  /** An integer parameter in [min, max]; {@code fallback} when absent (required when null). */
  static long longParam(RoutingContext ctx, String name, long min, long max, Long fallback) {
    String text = ctx.request().getParam(name);
    if (text == null || text.isBlank()) {
      if (fallback == null) {
        throw new IllegalArgumentException("query parameter '" + name + "' is required");
      }
      return fallback;
    }
    long value;
    try {
      value = Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("query parameter '" + name + "' must be an integer, got '" + text + "'");
    }
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "query parameter '" + name + "' must be in [" + min + ", " + max + "], got " + value);
    }
    return value;
  }

  private static boolean boolParam(RoutingContext ctx, String name, boolean fallback) {
    String text = ctx.request().getParam(name);
    if (text == null) {
      return fallback;
    }
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "", "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw new IllegalArgumentException(
          "query parameter '" + name + "' must be true or false, got '" + text + "'");
    };
  }
}
