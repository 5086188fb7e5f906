package dev.floe.controlplane.evm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.controlplane.BlobObject;
import dev.floe.controlplane.BlobRegistration;
import dev.floe.controlplane.CommitteeInfo;
import dev.floe.controlplane.TokenAmount;
import dev.floe.controlplane.events.BlobCertified;
import dev.floe.controlplane.events.BlobRegistered;
import dev.floe.controlplane.events.ChainEvent;
import dev.floe.controlplane.events.EventId;
import dev.floe.controlplane.events.EventStream;
import dev.floe.controlplane.events.EventStreamOptions;
import dev.floe.controlplane.events.NodeRegistered;
import dev.floe.controlplane.events.StakeDeposited;
import dev.floe.controlplane.events.StorageReserved;
import dev.floe.core.messages.BlobPersistence;
import dev.floe.core.messages.StorageConfirmation;
import dev.floe.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The event stream: order, exactly-once resumption from a cursor, confirmation depth, failures. */
class EventStreamTest {
  private static ChainFixture f;
  private static EvmControlPlane client;

  @BeforeAll
  static void setUp() {
    f = new ChainFixture(10);
    f.addNodes(100, 100, 100, 100);
    f.startFirstEpoch();
    client = f.newAccount(TokenAmount.ofTokens(100_000));
  }

  @AfterAll
  static void tearDown() {
    f.close();
  }

  private static List<BlobObject> registerBlobs(int count, long seed) {
    Random r = new Random(seed);
    List<BlobObject> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(Await.result(client.reserveAndRegisterBlob(ChainFixture.randomBlob(r, 10, 100 + i, false), 1)));
    }
    return out;
  }

  @Test
  void shouldFindEveryEventOfOneBlobIdThroughItsIndexedTopic() {
    Random r = new Random(77);
    BlobRegistration wanted = ChainFixture.randomBlob(r, 10, 5_000, false);
    BlobObject first = Await.result(client.reserveAndRegisterBlob(wanted, 2));
    registerBlobs(2, 78); // other blobs' events in between
    BlobObject second = Await.result(client.reserveAndRegisterBlob(wanted, 3));
    CommitteeInfo c = Await.result(client.currentCommittee());
    byte[] message = new StorageConfirmation(Await.result(client.epochState()).epoch(), wanted.blobId(),
        BlobPersistence.PERMANENT).toBytes();
    Await.result(client.certifyBlob(first.objectId(),
        ChainFixture.certificate(message, c, f.signersWithWeight(c, 7))));
    registerBlobs(1, 79);

    List<ChainEvent> found = Await.result(client.blobEvents(wanted.blobId(), 3)); // several queries
    assertThat(found).extracting(e -> e.getClass().getSimpleName())
        .containsExactly("BlobRegistered", "BlobRegistered", "BlobCertified");
    assertThat(found).isSortedAccordingTo(java.util.Comparator.comparing(ChainEvent::id));
    assertThat(((BlobRegistered) found.get(0)).objectId()).isEqualTo(first.objectId());
    assertThat(((BlobRegistered) found.get(1)).objectId()).isEqualTo(second.objectId());
    assertThat(((BlobCertified) found.get(2)).objectId()).isEqualTo(first.objectId());
    // exactly what a scan of every event finds for this blob ID
    List<ChainEvent> scanned = Await.result(f.admin.fetchEvents(f.deployment.startCursor(), 0, 100_000)).events()
        .stream().filter(e -> e instanceof BlobRegistered b && b.blobId().equals(wanted.blobId())
            || e instanceof BlobCertified b2 && b2.blobId().equals(wanted.blobId())).toList();
    assertThat(found).isEqualTo(scanned);
    assertThat(Await.result(client.blobEvents(ChainFixture.randomBlob(r, 10, 1, false).blobId(), 1_000))).isEmpty();
  }

  @Test
  void shouldDeliverEveryEventInOrder() {
    registerBlobs(3, 1);
    List<ChainEvent> all = Await.result(f.admin.fetchEvents(f.deployment.startCursor(), 0, 100_000)).events();
    List<ChainEvent> seen = Collections.synchronizedList(new ArrayList<>());
    try (EventStream stream = client.subscribe(f.deployment.startCursor(),
        new EventStreamOptions(0, Duration.ofMillis(50), 7), seen::add)) {
      Await.until("all events", Duration.ofSeconds(30), () -> seen.size() >= all.size());
    }
    assertThat(seen.subList(0, all.size())).isEqualTo(all);
    for (int i = 1; i < seen.size(); i++) {
      assertThat(seen.get(i).id()).isGreaterThan(seen.get(i - 1).id());
    }
    assertThat(all.stream().filter(e -> e instanceof NodeRegistered)).hasSize(4);
    assertThat(all.stream().filter(e -> e instanceof StakeDeposited)).hasSize(4);
    // a registration emits StorageReserved then BlobRegistered in the same transaction
    int reserved = indexOf(all, StorageReserved.class);
    assertThat(all.get(reserved + 1)).isInstanceOf(BlobRegistered.class);
    assertThat(all.get(reserved + 1).id().blockNumber()).isEqualTo(all.get(reserved).id().blockNumber());
  }

  @Test
  void shouldFollowAnRpcEndpointThatRefusesWideLogQueries() throws Exception {
    registerBlobs(2, 5);
    List<ChainEvent> all = Await.result(f.admin.fetchEvents(f.deployment.startCursor(), 0, 100_000)).events();
    List<ChainEvent> seen = Collections.synchronizedList(new ArrayList<>());
    try (dev.floe.testkit.RangeLimitingRpcProxy rpc = dev.floe.testkit.RangeLimitingRpcProxy.start(f.anvil.rpcUrl(), 3);
        EvmControlPlane limited = EvmControlPlane.connect(EvmConfig.local(rpc.url()), f.deployment,
            EvmAccount.generate(new java.security.SecureRandom()));
        EventStream stream = limited.subscribe(f.deployment.startCursor(),
            new EventStreamOptions(0, Duration.ofMillis(50), 1_000), seen::add)) {
      Await.until("all events through a provider that serves at most 3 blocks per log query",
          Duration.ofSeconds(60), () -> seen.size() >= all.size());
      assertThat(rpc.refused()).as("wide queries were refused and the stream narrowed its range").isPositive();
    }
    assertThat(seen.subList(0, all.size())).isEqualTo(all);
  }

  @Test
  void shouldResumeAfterTheLastHandledEventWithoutGapsOrDuplicates() throws Exception {
    EventId start = EventId.atBlockEnd(f.anvil.blockNumber());
    List<BlobObject> blobs = registerBlobs(6, 2);
    List<ChainEvent> first = Collections.synchronizedList(new ArrayList<>());
    EventStream stream = client.subscribe(start, EventStreamOptions.withConfirmations(0), e -> {
      if (first.size() == 5) {
        throw new IllegalStateException("handler gives up after 5 events");
      }
      first.add(e);
    });
    try {
      stream.done().get(30, TimeUnit.SECONDS);
      throw new AssertionError("the stream should have failed");
    } catch (ExecutionException e) {
      assertThat(e.getCause()).hasMessage("handler gives up after 5 events");
    }
    EventId cursor = first.get(first.size() - 1).id();
    assertThat(stream.position()).isEqualTo(cursor);
    List<BlobObject> more = registerBlobs(2, 3);
    List<ChainEvent> rest = Collections.synchronizedList(new ArrayList<>());
    try (EventStream resumed = client.subscribe(cursor, EventStreamOptions.withConfirmations(0), rest::add)) {
      Await.until("registrations after resume", Duration.ofSeconds(30),
          () -> rest.stream().filter(e -> e instanceof BlobRegistered).count() == 8 - 2);
    }
    List<ChainEvent> combined = new ArrayList<>(first);
    combined.addAll(rest);
    List<ChainEvent> expected = Await.result(f.admin.fetchEvents(start, 0, 100_000)).events();
    assertThat(combined).isEqualTo(expected);
    List<BlobObject> registered = new ArrayList<>(blobs);
    registered.addAll(more);
    assertThat(combined.stream().filter(e -> e instanceof BlobRegistered).map(e -> ((BlobRegistered) e).objectId()).toList())
        .isEqualTo(registered.stream().map(BlobObject::objectId).toList());
  }

  @Test
  void shouldWaitForTheConfirmationDepth() {
    EventId start = EventId.atBlockEnd(f.anvil.blockNumber());
    List<ChainEvent> seen = Collections.synchronizedList(new ArrayList<>());
    try (EventStream stream = client.subscribe(start, new EventStreamOptions(3, Duration.ofMillis(30), 100), seen::add)) {
      BlobObject b = registerBlobs(1, 4).get(0);
      long mined = f.anvil.blockNumber();
      f.anvil.mine(2);
      assertThat(Await.result(client.fetchEvents(start, 3, 100)).events()).as("only 2 blocks deep").isEmpty();
      assertThat(Await.result(client.fetchEvents(start, 2, 100)).events()).isNotEmpty();
      assertThat(seen).isEmpty();
      f.anvil.mine(1);
      Await.until("the registration", Duration.ofSeconds(10),
          () -> seen.stream().anyMatch(e -> e instanceof BlobRegistered r && r.objectId().equals(b.objectId())));
      assertThat(seen.get(0).id().blockNumber()).isEqualTo(mined);
    }
  }

  @Test
  void shouldPageThroughLongRangesAndAdvanceOnEmptyPages() {
    EventId start = EventId.atBlockEnd(f.anvil.blockNumber());
    f.anvil.mine(50);
    BlobObject b = registerBlobs(1, 5).get(0);
    EventId cursor = start;
    List<ChainEvent> got = new ArrayList<>();
    int pages = 0;
    while (got.stream().noneMatch(e -> e instanceof BlobRegistered)) {
      var page = Await.result(client.fetchEvents(cursor, 0, 10));
      assertThat(page.cursor()).isGreaterThan(cursor);
      got.addAll(page.events());
      cursor = page.cursor();
      pages++;
    }
    assertThat(pages).isGreaterThanOrEqualTo(6);
    assertThat(((BlobRegistered) got.get(got.size() - 1)).objectId()).isEqualTo(b.objectId());
    var caughtUp = Await.result(client.fetchEvents(cursor, 0, 10));
    assertThat(caughtUp.events()).isEmpty();
  }

  private static int indexOf(List<ChainEvent> events, Class<?> type) {
    for (int i = 0; i < events.size(); i++) {
      if (type.isInstance(events.get(i))) {
        return i;
      }
    }
    throw new AssertionError("no " + type.getSimpleName());
  }

  static RuntimeException unwrap(CompletionException e) {
    return (RuntimeException) e.getCause();
  }
}
