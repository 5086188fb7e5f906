package dev.floe.client.upload;

import dev.floe.client.nodes.NodeDirectory.Member;
import dev.floe.client.nodes.NodeRequestException;
import dev.floe.client.nodes.StorageNodeClient.SignedConfirmation;
import dev.floe.core.blob.BlobId;
import dev.floe.core.blob.BlobMetadata;
import dev.floe.core.protocol.ErrorReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads one blob to one committee member: metadata first (retried until the node has seen the
 * on-chain registration), then every sliver of the member's shards as they are offered (several
 * requests in parallel, bounded by the {@link TransferLimiter}), then asks for the signed storage
 * confirmation and hands it to the {@link ConfirmationCollector}. The first failure ends the
 * member's upload: later slivers are dropped (their memory released) and the member counts as
 * failed. Runs on its own virtual thread.
 */
final class NodeUploader implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeUploader.class);
  private static final int SEND_ATTEMPTS = 2;
  private static final int UNREACHABLE_ATTEMPTS = 4;

  private final Member member;
  private final BlobId blobId;
  private final BlobMetadata metadata;
  private final int expectedSlivers;
  private final Optional<byte[]> deletableObjectId;
  private final TransferLimiter limiter;
  private final ConfirmationCollector collector;
  private final Duration registrationWait;
  private final LongConsumer uploadedBytes;
  private final BlockingQueue<SliverUpload> queue = new LinkedBlockingQueue<>();
  private volatile String failure;
  private final LongAdder putNanos = new LongAdder();
  private final LongAdder puts = new LongAdder();

  NodeUploader(
      Member member,
      BlobId blobId,
      BlobMetadata metadata,
      int expectedSlivers,
      Optional<byte[]> deletableObjectId,
      TransferLimiter limiter,
      ConfirmationCollector collector,
      Duration registrationWait,
      LongConsumer uploadedBytes) {
    this.member = member;
    this.blobId = blobId;
    this.metadata = metadata;
    this.expectedSlivers = expectedSlivers;
    this.deletableObjectId = deletableObjectId;
    this.limiter = limiter;
    this.collector = collector;
    this.registrationWait = registrationWait;
    this.uploadedBytes = uploadedBytes;
  }

  Member member() {
    return member;
  }

  /** Queues a sliver of this member; dropped at once if the member already failed. */
  void offer(SliverUpload sliver) {
    if (failure != null) {
      sliver.release();
      return;
    }
    queue.add(sliver);
    if (failure != null) {
      drain();
    }
  }

  @Override
  public void run() {
    long start = System.nanoTime();
    try {
      putMetadata();
      long metadataDone = System.nanoTime();
      sendSlivers();
      long sliversDone = System.nanoTime();
      if (failure == null) {
        collector.accept(member, confirmation());
        LOG.debug("{}: {} uploaded: metadata {} ms, slivers {} ms ({} PUTs, {} ms each on average),"
                + " confirmation {} ms", member.name(), blobId, (metadataDone - start) / 1_000_000,
            (sliversDone - metadataDone) / 1_000_000, puts.sum(),
            puts.sum() == 0 ? 0 : putNanos.sum() / puts.sum() / 1_000_000, (System.nanoTime() - sliversDone) / 1_000_000);
      }
    } catch (InterruptedException e) {
      fail("upload aborted");
      Thread.currentThread().interrupt();
    } catch (NodeRequestException e) {
      fail(e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("{}: unexpected failure uploading {}", member.name(), blobId, e);
      fail(e.toString());
    } finally {
      if (failure != null) {
        collector.fail(member, failure);
      }
      drain();
    }
  }

  /**
   * PUTs the metadata. A node that has not seen the registration yet is asked again until {@code
   * registrationWait}; an unreachable or busy node gets {@link #UNREACHABLE_ATTEMPTS} attempts, so a
   * node that is down counts as failed within about a second.
   */
  private void putMetadata() throws InterruptedException {
    long deadline = System.nanoTime() + registrationWait.toNanos();
    long backoffMillis = 50;
    int transientFailures = 0;
    while (true) {
      try {
        member.client().putMetadata(blobId, metadata);
        return;
      } catch (NodeRequestException e) {
        boolean notSeenYet = e.knownReason().filter(r -> r == ErrorReason.NOT_REGISTERED).isPresent();
        boolean transientFailure = e.isUnreachable() || e.httpStatus() == 503;
        if (transientFailure) {
          transientFailures++;
        }
        boolean retry = notSeenYet || (transientFailure && transientFailures < UNREACHABLE_ATTEMPTS);
        if (!retry || System.nanoTime() + backoffMillis * 1_000_000 > deadline) {
          throw e;
        }
        Thread.sleep(backoffMillis);
        backoffMillis = Math.min(1000, backoffMillis * 2);
      }
    }
  }

  private void sendSlivers() throws InterruptedException {
    List<Thread> senders = new ArrayList<>(expectedSlivers);
    try {
      int received = 0;
      while (received < expectedSlivers && failure == null) {
        SliverUpload sliver = queue.poll(100, TimeUnit.MILLISECONDS);
        if (sliver == null) {
          continue;
        }
        received++;
        TransferLimiter.Permit permit;
        try {
          permit =
              sliver.memory() == null
                  ? limiter.acquire(member.name(), sliver.bcs().length)
                  : limiter.acquireRequest(member.name());
        } catch (InterruptedException e) {
          sliver.release();
          throw e;
        }
        senders.add(Thread.ofVirtual().name("upload-" + member.name()).start(() -> {
          try {
            send(sliver);
          } finally {
            permit.close();
            sliver.release();
          }
        }));
      }
      for (Thread sender : senders) {
        sender.join();
      }
    } catch (InterruptedException e) {
      senders.forEach(Thread::interrupt);
      throw e;
    }
  }

  private void send(SliverUpload sliver) {
    for (int attempt = 1; failure == null; attempt++) {
      try {
        long start = System.nanoTime();
        member.client().putSliver(blobId, sliver.pairIndex(), sliver.type(), sliver.bcs());
        putNanos.add(System.nanoTime() - start);
        puts.increment();
        uploadedBytes.accept(sliver.bcs().length);
        return;
      } catch (NodeRequestException e) {
        boolean retriable = e.isUnreachable() || e.httpStatus() >= 500;
        if (!retriable || attempt >= SEND_ATTEMPTS) {
          fail(e.getMessage());
          return;
        }
      }
    }
  }

  private SignedConfirmation confirmation() throws InterruptedException {
    long deadline = System.nanoTime() + registrationWait.toNanos();
    long backoffMillis = 50;
    while (true) {
      try {
        return member.client().getConfirmation(blobId, deletableObjectId, registrationWait);
      } catch (NodeRequestException e) {
        boolean notYet =
            e.knownReason()
                .filter(r -> r == ErrorReason.NOT_FULLY_STORED || r == ErrorReason.NOT_REGISTERED
                    || r == ErrorReason.OBJECT_NOT_REGISTERED || r == ErrorReason.REGISTRATION_WAIT_TIMEOUT)
                .isPresent();
        if (!notYet || System.nanoTime() + backoffMillis * 1_000_000 > deadline) {
          throw e;
        }
        Thread.sleep(backoffMillis);
        backoffMillis = Math.min(1000, backoffMillis * 2);
      }
    }
  }

  private void fail(String reason) {
    if (failure == null) {
      failure = reason;
      LOG.debug("{}: upload of {} failed: {}", member.name(), blobId, reason);
    }
  }

  private void drain() {
    SliverUpload s;
    while ((s = queue.poll()) != null) {
      s.release();
    }
  }
}
