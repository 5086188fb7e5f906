package dev.floe.cli;

import dev.floe.client.ProgressListener;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.Locale;

/**
 * A one-line progress bar on stderr for long uploads and reads: phase, bar, percentage, bytes and
 * rate, redrawn at most ten times a second. Shown only when stderr is a terminal or when forced with
 * {@code --progress}; otherwise {@link #create} returns {@link ProgressListener#NONE}. Thread-safe.
 */
final class ClientProgressBar implements ProgressListener {
  private static final int WIDTH = 30;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintStream err;
  private final long startNanos = System.nanoTime();
  private long lastDraw;
  private Phase lastPhase;
  private int lastLength;
  private boolean drawn;

  private ClientProgressBar(PrintStream err) {
    this.err = err;
  }

  /** A bar on {@code err} if {@code forced} or stderr is an interactive terminal, else no-op. */
  static ProgressListener create(PrintStream err, boolean forced) {
    return forced || isTerminal() ? new ClientProgressBar(err) : ProgressListener.NONE;
  }

  @Override
  public synchronized void onProgress(Phase phase, long done, long total) {
    long now = System.nanoTime();
    boolean complete = total > 0 && done >= total;
    if (phase == lastPhase && !complete && now - lastDraw < REDRAW_NANOS) {
      return;
    }
    lastDraw = now;
    lastPhase = phase;
    String line = render(phase, done, total, (now - startNanos) / 1e9);
    StringBuilder out = new StringBuilder("\r").append(line);
    for (int i = line.length(); i < lastLength; i++) {
      out.append(' ');
    }
    lastLength = line.length();
    err.print(out);
    err.flush();
    drawn = true;
  }

  /** Ends the bar's line (call once when the command is done). */
  synchronized void finish() {
    if (drawn) {
      err.println();
      err.flush();
      drawn = false;
    }
  }

  static String render(Phase phase, long done, long total, double seconds) {
    double fraction = total <= 0 ? 0 : Math.min(1.0, (double) done / total);
    int filled = (int) Math.round(fraction * WIDTH);
    StringBuilder bar = new StringBuilder(WIDTH + 2).append('[');
    for (int i = 0; i < WIDTH; i++) {
      bar.append(i < filled ? '#' : '.');
    }
    bar.append(']');
    String amount;
    if (isBytes(phase)) {
      double rate = seconds > 0 ? done / seconds : 0;
      amount = bytes(done) + "/" + bytes(total) + "  " + bytes((long) rate) + "/s";
    } else {
      amount = done + "/" + total;
    }
    return String.format(
        Locale.ROOT, "%-10s %s %3d%%  %s", label(phase), bar, Math.round(fraction * 100), amount);
  }

  private static boolean isBytes(Phase phase) {
    return phase == Phase.ENCODING || phase == Phase.UPLOADING;
  }

  private static String label(Phase phase) {
    return phase.name().toLowerCase(Locale.ROOT);
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  private static boolean isTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      // Console.isTerminal() exists from JDK 22; before that a non-null console means a terminal
      Method m = java.io.Console.class.getMethod("isTerminal");
      return (Boolean) m.invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }
}
