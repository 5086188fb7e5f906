package dev.floe.localnet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The localnet's anvil keeps its clock moving while idle: after the localnet moved the chain's clock
 * an hour ahead (as {@code localnet up} and {@code advance-epoch} do), blocks keep coming without any
 * transaction and carry the advanced time, so the epoch keepers, whose clock is the later of the wall
 * clock and the latest block's time, see epochs end on the chain's schedule instead of waiting for
 * the wall clock to catch up (which made every epoch last longer than {@code --epoch-duration}).
 */
class AnvilProcessTest {
  @TempDir Path dir;

  @Test
  void shouldKeepMiningBlocksThatFollowTheAdvancedClockWhileIdle() throws Exception {
    Path root = Path.of(System.getProperty("floe.root", "..")).toAbsolutePath();
    int port = FreePorts.pick();
    Process anvil = AnvilProcess.start(AnvilProcess.binary(root), port, dir.resolve("state.json"),
        dir.resolve("anvil.log"), dir.resolve("anvil.pid"), Duration.ofSeconds(30));
    try (AnvilRpc rpc = new AnvilRpc(AnvilProcess.rpcUrl(port))) {
      rpc.advanceTime(3600);
      long afterJump = rpc.latestBlockTimestamp();
      long deadline = System.nanoTime() + Duration.ofSeconds(3L * AnvilProcess.BLOCK_TIME_SECONDS).toNanos();
      long latest = afterJump;
      while (latest == afterJump && System.nanoTime() < deadline) {
        Thread.sleep(250);
        latest = rpc.latestBlockTimestamp();
      }
      long wallNow = System.currentTimeMillis() / 1000;
      assertThat(latest).as("an idle chain mines a block within %d s", AnvilProcess.BLOCK_TIME_SECONDS)
          .isGreaterThan(afterJump);
      assertThat(latest - wallNow).as("the new block keeps the hour the clock was moved ahead")
          .isBetween(3600L - AnvilProcess.BLOCK_TIME_SECONDS - 2, 3600L + 2);
    } finally {
      anvil.destroy();
      anvil.waitFor();
    }
  }
}
