package dev.floe.client.upload;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.floe.client.ClientConfig;
import dev.floe.client.ProgressListener;
import dev.floe.client.nodes.NodeDirectory;
import dev.floe.client.nodes.NodeTransport;
import dev.floe.controlplane.Address;
import dev.floe.controlplane.CommitteeInfo;
import dev.floe.controlplane.CommitteeMemberInfo;
import dev.floe.core.encoding.EncodedBlob;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.core.messages.BlobPersistence;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Bytes in flight of an in-memory upload stay within {@link ClientConfig#maxBytesInFlight()}: the
 * BCS bodies copied out of the encoded blob for sending are reserved against the budget before they
 * are made, so nodes that take slivers slowly hold the copying back instead of letting a second copy
 * of the whole encoded blob pile up in their queues. The nodes are a loopback HTTP server that takes
 * the metadata and then holds every sliver upload; the heap is measured while they are held.
 * 31 shards held by 4 members, an 8 MiB blob (about 36 MB encoded), a 1 MiB budget.
 */
class BlobUploaderMemoryTest {
  private static final int MEMBERS = 4;
  private static final int SHARDS = 31;
  private static final long BUDGET = 1 << 20;
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger sliverPuts = new AtomicInteger();
  private HttpServer server;
  private NodeTransport transport;

  @AfterEach
  void close() {
    release.countDown();
    if (transport != null) {
      transport.close();
    }
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void shouldNotCopyMoreThanTheBudgetWhileNodesHoldTheirSliverUploads() throws Exception {
    startHoldingNodes();
    EncodedBlob encoded = new RedStuffEncoder(new EncodingConfig(SHARDS)).encode(random(8 << 20));
    long encodedBytes = 0;
    for (var pair : encoded.pairs()) {
      encodedBytes += pair.primary().length() + pair.secondary().length();
    }
    ClientConfig config = ClientConfig.builder().maxBytesInFlight(BUDGET).maxRequestsPerNode(2)
        .confirmationTimeout(Duration.ofMinutes(5)).requestTimeout(Duration.ofMinutes(5)).build();
    transport = new NodeTransport(Duration.ofSeconds(5), Duration.ofMinutes(5));
    BlobUploader uploader = new BlobUploader(committee(), config);
    long before = usedHeapAfterGc();

    Thread upload = Thread.ofVirtual().start(() -> {
      try {
        uploader.upload(encoded, BlobPersistence.PERMANENT, ProgressListener.NONE);
      } catch (InterruptedException | RuntimeException e) {
        // aborted at the end of the test
      }
    });
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (sliverPuts.get() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(sliverPuts.get()).as("sliver uploads held by the nodes").isPositive();
    Thread.sleep(500); // let the upload copy whatever it is going to copy
    long held = usedHeapAfterGc() - before;
    upload.interrupt();

    // without the budget, a BCS copy of every sliver (the whole encoded blob again) waits in the queues
    assertThat(held).as("heap held by the upload while nodes hold its slivers (encoded blob: %d bytes)", encodedBytes)
        .isLessThan(encodedBytes / 4);
  }

  private void startHoldingNodes() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", exchange -> {
      try (exchange) {
        exchange.getRequestBody().readAllBytes();
        if (exchange.getRequestURI().getPath().contains("/slivers/")) {
          sliverPuts.incrementAndGet();
          release.await();
        }
        byte[] ok = "{\"success\":{\"code\":201,\"data\":\"stored\"}}".getBytes();
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(201, ok.length);
        exchange.getResponseBody().write(ok);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    server.start();
  }

  /** Four members sharing the shards, all served by the holding server. */
  private NodeDirectory committee() {
    List<CommitteeMemberInfo> members = new ArrayList<>();
    for (int i = 0; i < MEMBERS; i++) {
      byte[] id = new byte[20];
      id[19] = (byte) (i + 1);
      List<Integer> shards = new ArrayList<>();
      for (int s = i; s < SHARDS; s += MEMBERS) {
        shards.add(s);
      }
      members.add(new CommitteeMemberInfo(i, Address.of(id), Address.of(id), shards, "node-" + i,
          "127.0.0.1:" + server.getAddress().getPort()));
    }
    return new NodeDirectory(new CommitteeInfo(1, SHARDS, members), transport);
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    var memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }

  private static byte[] random(int size) {
    byte[] b = new byte[size];
    new SplittableRandom(5).nextBytes(b);
    return b;
  }
}
