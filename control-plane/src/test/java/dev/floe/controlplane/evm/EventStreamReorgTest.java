package dev.floe.controlplane.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.contracts.generated.FloeSystem;
import dev.floe.controlplane.BlobRegistration;
import dev.floe.controlplane.ChainReorganizedException;
import dev.floe.controlplane.TokenAmount;
import dev.floe.controlplane.events.BlobRegistered;
import dev.floe.controlplane.events.ChainEvent;
import dev.floe.controlplane.events.EventId;
import dev.floe.controlplane.events.EventPage;
import dev.floe.controlplane.events.EventStream;
import dev.floe.controlplane.events.EventStreamOptions;
import dev.floe.core.blob.BlobId;
import dev.floe.testkit.AnvilNode;
import dev.floe.testkit.Await;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.gas.DefaultGasProvider;

/**
 * The event stream under real chain reorganizations ({@code anvil_reorg}): a reorganization
 * shallower than the confirmation depth is invisible, a deeper one is detected.
 */
class EventStreamReorgTest {
  private static ChainFixture f;
  /** Sends the replacement transactions: an anvil dev account, so anvil_reorg can sign for it. */
  private static EvmControlPlane replacer;
  private static Web3j web3j;
  private static FloeSystem replacerSystem;
  private final Random random = new Random(42);

  @BeforeAll
  static void setUp() {
    f = new ChainFixture(10);
    f.addNodes(100, 100, 100, 100);
    f.startFirstEpoch();
    EvmAccount dev1 = EvmAccount.devAccount(1);
    Await.result(f.admin.transfer(dev1.address(), TokenAmount.ofTokens(100_000)));
    replacer = EvmControlPlane.connect(f.config, f.deployment, dev1);
    // the first registration approves the system contract, so a replacement needs one transaction
    Await.result(replacer.reserveAndRegisterBlob(ChainFixture.randomBlob(new Random(1), 10, 77, false), 1));
    web3j = Web3j.build(new HttpService(f.anvil.rpcUrl()));
    replacerSystem = FloeSystem.load(f.deployment.contracts().system().toHex(), web3j,
        Credentials.create(AnvilNode.DEV_PRIVATE_KEYS.get(1)), new DefaultGasProvider());
  }

  @AfterAll
  static void tearDown() {
    if (web3j != null) {
      web3j.shutdown();
    }
    if (replacer != null) {
      replacer.close();
    }
    f.close();
  }

  @Test
  void shouldNeverDeliverEventsOfBlocksDroppedByAReorgShallowerThanTheConfirmationDepth() {
    int confirmations = 4;
    EvmControlPlane registrant = registrant();
    f.anvil.mine(5);
    EventId start = EventId.atBlockEnd(f.anvil.blockNumber());
    List<ChainEvent> seen = Collections.synchronizedList(new ArrayList<>());
    try (EventStream stream = registrant.subscribe(start,
        new EventStreamOptions(confirmations, Duration.ofMillis(30), 100), seen::add)) {
      BlobRegistration dropped = ChainFixture.randomBlob(random, 10, 1_000, false);
      Await.result(registrant.reserveAndRegisterBlob(dropped, 1));
      long block = f.anvil.blockNumber();
      String hashBefore = blockHash(block);
      assertThat(registeredIds(Await.result(registrant.fetchEvents(start, 0, 100)).events()))
          .as("the dropped registration was on the chain").containsExactly(dropped.blobId());

      BlobRegistration replacement = ChainFixture.randomBlob(random, 10, 2_000, false);
      reorg(2, replacement); // replaces blocks block-1 and block (now holding the replacement)
      assertThat(f.anvil.blockNumber()).isEqualTo(block);
      assertThat(blockHash(block)).as("block %d was replaced", block).isNotEqualTo(hashBefore);
      assertThat(seen).as("nothing was %d blocks deep before the reorg", confirmations).isEmpty();

      f.anvil.mine(confirmations + 2);
      EventId settled = EventId.atBlockEnd(f.anvil.blockNumber() - confirmations);
      Await.until("the stream scans past the reorganized blocks", Duration.ofSeconds(30),
          () -> stream.position().compareTo(settled) >= 0);
      assertThat(stream.done()).as("the stream keeps running").isNotDone();
      assertThat(registeredIds(seen)).containsExactly(replacement.blobId());
      assertThat(seen.stream().filter(e -> e instanceof BlobRegistered).findFirst().orElseThrow().id().blockNumber())
          .isEqualTo(block);
      // what the stream delivered is exactly the canonical chain, as a fresh reader sees it
      try (EvmControlPlane fresh = EvmControlPlane.connect(f.config, f.deployment, EvmAccount.devAccount(2))) {
        List<ChainEvent> delivered;
        synchronized (seen) {
          delivered = seen.stream().filter(e -> e.id().compareTo(settled) <= 0).toList();
        }
        assertThat(delivered).isNotEmpty().isEqualTo(Await.result(fresh.fetchEvents(start, 0, 1_000)).events().stream()
            .filter(e -> e.id().compareTo(settled) <= 0).toList());
      }
    }
  }

  @Test
  void shouldDetectAReorgDeeperThanTheConfirmationDepthAndNotAdvance() throws Exception {
    EvmControlPlane registrant = registrant();
    f.anvil.mine(3);
    EventId start = EventId.atBlockEnd(f.anvil.blockNumber());
    List<ChainEvent> seen = Collections.synchronizedList(new ArrayList<>());
    EventStream stream = registrant.subscribe(start, new EventStreamOptions(0, Duration.ofMillis(30), 100), seen::add);
    try {
      BlobRegistration dropped = ChainFixture.randomBlob(random, 10, 3_000, false);
      Await.result(registrant.reserveAndRegisterBlob(dropped, 1));
      long block = f.anvil.blockNumber();
      String hashBefore = blockHash(block);
      EventPage page = Await.result(registrant.fetchEvents(start, 0, 100));
      assertThat(registeredIds(page.events())).containsExactly(dropped.blobId());
      assertThat(page.cursor()).isEqualTo(EventId.atBlockEnd(block));
      Await.until("the stream delivers the registration", Duration.ofSeconds(30),
          () -> stream.position().compareTo(EventId.atBlockEnd(block)) >= 0);
      assertThat(registeredIds(seen)).containsExactly(dropped.blobId());

      reorg(2, ChainFixture.randomBlob(random, 10, 4_000, false));
      String hashAfter = blockHash(block);
      assertThat(hashAfter).isNotEqualTo(hashBefore);

      for (int attempt = 0; attempt < 2; attempt++) { // fails again: the reader does not advance
        assertThatThrownBy(() -> Await.result(registrant.fetchEvents(page.cursor(), 0, 100)))
            .isInstanceOfSatisfying(ChainReorganizedException.class, e -> {
              assertThat(e.blockNumber()).isEqualTo(block);
              assertThat(e.expectedHash()).isEqualTo(hashBefore);
              assertThat(e.actualHash()).isEqualTo(hashAfter);
              assertThat(e.confirmations()).isZero();
              assertThat(e.getMessage()).contains("block " + block, hashBefore, hashAfter, "confirmation depth (now 0)");
            });
      }
      try {
        stream.done().get(30, TimeUnit.SECONDS);
        throw new AssertionError("the stream should have failed");
      } catch (ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(ChainReorganizedException.class);
        assertThat(((ChainReorganizedException) e.getCause()).blockNumber()).isEqualTo(block);
      }
      assertThat(stream.position()).isEqualTo(EventId.atBlockEnd(block));
      assertThat(registeredIds(seen)).as("the replacement was not delivered").containsExactly(dropped.blobId());
    } finally {
      stream.close();
    }
  }

  @Test
  void shouldDetectAReorgThatHappenedWhileAReaderWasDownFromItsPersistedBlockHash() throws Exception {
    EvmControlPlane registrant = registrant();
    f.anvil.mine(3);
    EventId start = EventId.atBlockEnd(f.anvil.blockNumber());
    BlobRegistration dropped = ChainFixture.randomBlob(random, 10, 5_000, false);
    Await.result(registrant.reserveAndRegisterBlob(dropped, 1));
    long block = f.anvil.blockNumber();
    // what a reader persists: the page's cursor and the hash the page reports for the cursor's block
    EventPage page = Await.result(registrant.fetchEvents(start, 0, 100));
    assertThat(registeredIds(page.events())).containsExactly(dropped.blobId());
    assertThat(page.cursor()).isEqualTo(EventId.atBlockEnd(block));
    String persisted = page.blockHash(block).orElseThrow();
    assertThat(persisted).isEqualToIgnoringCase(blockHash(block));
    EventId lastEvent = page.events().getLast().id();
    assertThat(page.blockHash(lastEvent.blockNumber())).as("the hash of every event's block").isPresent();

    // the reader "restarts": a new control plane that never delivered anything, on the same chain
    try (EvmControlPlane restarted = EvmControlPlane.connect(f.config, f.deployment, EvmAccount.devAccount(3))) {
      f.anvil.mine(1);
      EventPage resumed = Await.result(restarted.fetchEvents(page.cursor(), java.util.Optional.of(persisted), 0, 100));
      assertThat(resumed.cursor()).isEqualTo(EventId.atBlockEnd(block + 1));
    }

    BlobRegistration replacement = ChainFixture.randomBlob(random, 10, 6_000, false);
    reorg(3, replacement); // replaces block-1 .. block+1, the replacement in block+1
    String replaced = blockHash(block);
    assertThat(replaced).isNotEqualToIgnoringCase(persisted);
    try (EvmControlPlane restarted = EvmControlPlane.connect(f.config, f.deployment, EvmAccount.devAccount(3))) {
      assertThat(registeredIds(Await.result(restarted.fetchEvents(page.cursor(), 0, 100)).events()))
          .as("without the persisted hash the reorganization goes unnoticed")
          .containsExactly(replacement.blobId());
      assertThatThrownBy(() -> Await.result(
              restarted.fetchEvents(page.cursor(), java.util.Optional.of(persisted), 0, 100)))
          .isInstanceOfSatisfying(ChainReorganizedException.class, e -> {
            assertThat(e.blockNumber()).isEqualTo(block);
            assertThat(e.expectedHash()).isEqualToIgnoringCase(persisted);
            assertThat(e.actualHash()).isEqualToIgnoringCase(replaced);
          });
      List<ChainEvent> seen = Collections.synchronizedList(new ArrayList<>());
      EventStream stream = restarted.subscribe(page.cursor(), java.util.Optional.of(persisted),
          new EventStreamOptions(0, Duration.ofMillis(30), 100), seen::add);
      try {
        stream.done().get(30, TimeUnit.SECONDS);
        throw new AssertionError("the resumed stream should have failed");
      } catch (ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(ChainReorganizedException.class);
      } finally {
        stream.close();
      }
      assertThat(seen).as("nothing delivered past a replaced cursor").isEmpty();
      assertThat(stream.position()).isEqualTo(page.cursor());
    }
  }

  /** A funded account that has already approved the system contract (its registrations are one transaction). */
  private EvmControlPlane registrant() {
    EvmControlPlane cp = f.newAccount(TokenAmount.ofTokens(10_000));
    Await.result(cp.reserveAndRegisterBlob(ChainFixture.randomBlob(random, 10, 50, false), 1));
    return cp;
  }

  /** {@code anvil_reorg}: replaces the newest {@code depth} blocks, the last new one holding a registration. */
  private static void reorg(int depth, BlobRegistration r) {
    String data = replacerSystem.reserveAndRegisterBlob(r.blobId().toBytes(), r.rootHash().bytes(),
        BigInteger.valueOf(r.unencodedSize()), BigInteger.valueOf(r.encodingType().code()), r.deletable(),
        BigInteger.ONE).encodeFunctionCall();
    String tx = "{\"from\":\"" + AnvilNode.DEV_ADDRESSES.get(1) + "\",\"to\":\"" + f.deployment.contracts().system().toHex()
        + "\",\"data\":\"" + data + "\",\"gas\":\"0x4c4b40\"}";
    f.anvil.rpc("anvil_reorg", Integer.toString(depth), "[[" + tx + "," + (depth - 1) + "]]");
  }

  private static String blockHash(long number) {
    return f.anvil.blockHash(number);
  }


  private static List<BlobId> registeredIds(List<ChainEvent> events) {
    synchronized (events) {
      return events.stream().filter(e -> e instanceof BlobRegistered).map(e -> ((BlobRegistered) e).blobId()).toList();
    }
  }
}
