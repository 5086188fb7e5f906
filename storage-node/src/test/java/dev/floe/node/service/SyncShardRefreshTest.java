package dev.floe.node.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.core.blob.BlobId;
import dev.floe.core.crypto.ProtocolKeyPair;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.messages.SignedSyncShardRequest;
import dev.floe.core.messages.SyncShardRequest;
import dev.floe.core.protocol.ErrorReason;
import dev.floe.node.StorageNodeConfig;
import dev.floe.node.chain.NodeChain;
import dev.floe.node.metrics.NodeMetrics;
import dev.floe.node.store.RocksSliverStore;
import dev.floe.node.testing.InMemoryChain;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sync shard requests for a later epoch, signed by anyone, make the node re-read the chain at most
 * a few times a second (real RocksDB store; the chain in memory, its committee reads counted);
 * one for an epoch the chain has really reached is told to retry until the next read, then judged
 * in that epoch.
 */
class SyncShardRefreshTest {
  private static final long INTERVAL_MILLIS = SyncShardService.REFRESH_INTERVAL_NANOS / 1_000_000 + 50;

  @TempDir Path dir;

  /** The reason {@code service} refuses a request of {@code epoch} for shard 1 signed by {@code key}. */
  private static ErrorReason refusal(SyncShardService service, String auth, ProtocolKeyPair key, long epoch) {
    byte[] body = SignedSyncShardRequest.sign(
        new SyncShardRequest(epoch, 1, SliverType.PRIMARY, BlobId.of(new byte[32]), 10), key).toBcs();
    try {
      service.serve(auth, body);
    } catch (NodeException e) {
      return e.reason();
    }
    throw new AssertionError("a request of epoch " + epoch + " by a stranger was served");
  }

  @Test
  void requestsForALaterEpochDoNotEachCostAChainRead() throws Exception {
    SecureRandom random = new SecureRandom();
    List<byte[]> addresses = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      addresses.add(ProtocolKeyPair.generate(random).address());
    }
    InMemoryChain chain = new InMemoryChain(InMemoryChain.committee(1, 4, addresses, List.of("http://a", "http://b")));
    AtomicInteger committeeReads = new AtomicInteger();
    NodeChain view = chain.view();
    NodeChain counting = (NodeChain) Proxy.newProxyInstance(NodeChain.class.getClassLoader(),
        new Class<?>[] {NodeChain.class}, (proxy, method, args) -> {
          if (method.getName().equals("currentCommittee")) {
            committeeReads.incrementAndGet();
          }
          try {
            return method.invoke(view, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    try (RocksSliverStore store = RocksSliverStore.open("test", dir.resolve("db"), 1 << 20, 1 << 20)) {
      ChainState chainState = new ChainState("test", counting, addresses.get(0));
      chainState.refresh();
      SyncShardService service = new SyncShardService("test", store, chainState, new NodeMetrics("test"),
          StorageNodeConfig.ShardSync.defaults());
      ProtocolKeyPair stranger = ProtocolKeyPair.generate(random);
      String auth = HexFormat.of().formatHex(stranger.publicKey());
      int before = committeeReads.get();
      long started = System.nanoTime();
      for (int i = 0; i < 50; i++) {
        assertThat(refusal(service, auth, stranger, 7 + i))
            .isIn(ErrorReason.EPOCH_MISMATCH, ErrorReason.TOO_MANY_REQUESTS);
      }
      long allowed = 1 + (System.nanoTime() - started) / SyncShardService.REFRESH_INTERVAL_NANOS;
      assertThat(committeeReads.get() - before).as("chain reads for 50 requests of later epochs")
          .isLessThanOrEqualTo((int) allowed).isLessThan(50);

      // a read just happened; the chain then really moves on: a request of the new epoch arriving
      // within the interval is told to retry (503), never refused for good as of another epoch
      Thread.sleep(INTERVAL_MILLIS);
      assertThat(refusal(service, auth, stranger, 99)).isEqualTo(ErrorReason.EPOCH_MISMATCH);
      chain.advanceEpoch(null);
      assertThat(refusal(service, auth, stranger, 2))
          .isIn(ErrorReason.TOO_MANY_REQUESTS, ErrorReason.NOT_SHARD_OWNER);
      Thread.sleep(INTERVAL_MILLIS);
      assertThat(refusal(service, auth, stranger, 2)).as("judged in epoch 2").isEqualTo(ErrorReason.NOT_SHARD_OWNER);
      assertThat(chainState.current().epoch()).isEqualTo(2);
    }
  }
}
