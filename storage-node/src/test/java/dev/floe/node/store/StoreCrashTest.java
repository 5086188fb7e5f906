package dev.floe.node.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.core.blob.BlobId;
import dev.floe.core.crypto.Blake2b256;
import dev.floe.core.encoding.SliverType;
import dev.floe.node.chain.EventCursor;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety: a child JVM writes slivers (up to ~700 KB each) and event batches and is killed
 * with SIGKILL mid-stream. After reopening, every acknowledged write is there and intact, nothing
 * is half-written, and the event cursor matches exactly the blob infos committed with it.
 */
class StoreCrashTest {
  @TempDir Path dir;

  static BlobId blobId(int i) {
    return BlobId.of(Blake2b256.hash(("blob-" + i).getBytes(StandardCharsets.US_ASCII)));
  }

  /** Deterministic content whose size varies between 1 KB and ~700 KB. */
  static byte[] sliverBytes(int i) {
    int size = 1024 + (i * 7919) % (700 * 1024);
    byte[] out = new byte[size];
    byte[] seed = Blake2b256.hash(("sliver-" + i).getBytes(StandardCharsets.US_ASCII));
    for (int k = 0; k < size; k++) {
      out[k] = (byte) (seed[k & 31] + k);
    }
    return out;
  }

  @Test
  void acknowledgedWritesSurviveSigkillAndNothingIsHalfWritten() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        StoreCrashWorker.class.getName(), dir.toString()).redirectErrorStream(false).start();
    int lastAck = -1;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      String line;
      while ((line = out.readLine()) != null && System.nanoTime() < deadline) {
        if (line.startsWith("ack ")) {
          lastAck = Integer.parseInt(line.substring(4));
          if (lastAck >= 40) {
            p.destroyForcibly();
            break;
          }
        }
      }
    } finally {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
    assertThat(lastAck).as("the worker acknowledged writes before it was killed").isGreaterThanOrEqualTo(40);

    try (RocksSliverStore s = RocksSliverStore.open("check", dir, 1 << 20, 1 << 20)) {
      Optional<EventCursor> cursor = s.eventCursor();
      assertThat(cursor).isPresent();
      long committed = cursor.get().blockNumber();
      assertThat(committed).isGreaterThanOrEqualTo(lastAck);
      assertThat(s.eventsProcessed()).isEqualTo(committed + 1);
      List<Integer> present = new ArrayList<>();
      for (int i = 0; i <= committed + 2; i++) {
        BlobId id = blobId(i);
        Optional<byte[]> sliver = s.sliver(id, i & 0xFFFF, SliverType.PRIMARY);
        if (sliver.isPresent()) {
          assertThat(sliver.get()).as("sliver %d is intact", i).isEqualTo(sliverBytes(i));
          present.add(i);
        }
        assertThat(s.blobInfo(id).isPresent()).as("blob info %d is there iff the cursor covers it", i)
            .isEqualTo(i <= committed);
      }
      for (int i = 0; i <= committed; i++) {
        assertThat(present).as("acknowledged sliver %d", i).contains(i);
      }
    }
  }
}
