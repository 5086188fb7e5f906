package dev.floe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.client.ProgressListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

/** The CLI's progress bar (the CLI sources are compiled into this module's tests). */
class ClientProgressBarTest {
  @Test
  void shouldRenderPhaseBarPercentageAndBytes() {
    String line = ClientProgressBar.render(ProgressListener.Phase.UPLOADING, 512L << 20, 1L << 30, 2.0);
    assertThat(line).startsWith("uploading").contains(" 50%").contains("512.0 MiB/1.0 GiB").contains("256.0 MiB/s");
    assertThat(line).contains("[###############...............]");
    assertThat(ClientProgressBar.render(ProgressListener.Phase.FETCHING, 34, 34, 1.0)).contains("100%").contains("34/34");
  }

  @Test
  void shouldDrawOnlyWhenForcedOrOnATerminal() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true);
    ProgressListener forced = ClientProgressBar.create(err, true);
    forced.onProgress(ProgressListener.Phase.ENCODING, 10, 10);
    ((ClientProgressBar) forced).finish();
    assertThat(bytes.toString()).startsWith("\rencoding").endsWith(System.lineSeparator());
    // surefire's forked JVM has no terminal
    assertThat(ClientProgressBar.create(err, false)).isSameAs(ProgressListener.NONE);
  }
}
