package dev.floe.client.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spool's disk accounting against the real file system: concurrent reservations add up, so two
 * transfers that each fit but not together cannot both start, and released space is usable again.
 */
class SpoolSpaceTest {
  private static final long GIB = 1L << 30;

  @TempDir Path dir;

  @Test
  void shouldCountEveryRunningReservationAgainstTheFreeSpace() throws Exception {
    long usable = Files.getFileStore(dir).getUsableSpace();
    // leaves 1 GiB to spool (whatever else happens on the disk meanwhile, far from 600 MiB either way)
    SpoolSpace space = new SpoolSpace(new SpoolOptions(dir, 1024, Math.max(0, usable - GIB)));

    SpoolSpace.Reservation first = space.reserve(600L << 20);
    assertThatThrownBy(() -> space.reserve(600L << 20))
        .isInstanceOf(SpoolSpace.InsufficientSpaceException.class)
        .hasMessageContaining("reserved by running requests " + (600L << 20));
    assertThatThrownBy(() -> first.grow(600L << 20)).isInstanceOf(SpoolSpace.InsufficientSpaceException.class);
    assertThat(first.bytes()).as("a refused growth reserves nothing").isEqualTo(600L << 20);

    first.release();
    first.release();
    assertThat(space.reserved()).as("released once, however often it is called").isZero();
    SpoolSpace.Reservation second = space.reserve(600L << 20);
    assertThat(space.reserved()).isEqualTo(600L << 20);
    second.release();
  }
}
