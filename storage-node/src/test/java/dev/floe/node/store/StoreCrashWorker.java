package dev.floe.node.store;

import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.protocol.EventRef;
import dev.floe.node.chain.EventCursor;
import java.nio.file.Path;

/**
 * Child process of {@link StoreCrashTest}: writes slivers and event batches as fast as it can and
 * prints "ack i" after each write returns, until it is killed.
 */
public final class StoreCrashWorker {
  private StoreCrashWorker() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    RocksSliverStore store = RocksSliverStore.open("crash", dir, 1 << 20, 1 << 20);
    for (int i = 0; ; i++) {
      BlobId id = StoreCrashTest.blobId(i);
      store.putSliver(id, i & 0xFFFF, SliverType.PRIMARY, StoreCrashTest.sliverBytes(i));
      store.commit(new StoreBatch()
          .putBlobInfo(id, BlobInfo.registered(i, new Registration(new byte[32], false, 1, 9, -1), new EventRef(i, 0)))
          .advanceCursor(new EventCursor(i, 0), 1));
      System.out.println("ack " + i);
      System.out.flush();
    }
  }
}
