package dev.floe.node.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.DecodingSymbol;
import dev.floe.core.encoding.EncodedBlob;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.encoding.GeneralRecoverySymbol;
import dev.floe.core.encoding.RecoverySymbolProducer;
import dev.floe.core.encoding.RedStuffEncoder;
import dev.floe.core.encoding.SliverType;
import dev.floe.core.encoding.SymbolId;
import dev.floe.node.StorageNodeConfig;
import dev.floe.node.chain.CommitteeMember;
import dev.floe.node.recovery.PeerClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How a challenger judges a member's answers, against a real HTTP server on loopback that answers
 * the recovery-symbol endpoint honestly or in one of the ways a lying node could: a symbol with a
 * bad proof, another symbol, a malformed body, a missing sliver (each a failure at once), overload
 * or no server at all (the run ends unreachable, not failed).
 */
class MemberChallengeTest {
  private static final EncodingConfig CONFIG = new EncodingConfig(10);
  private static final EncodedBlob BLOB = blob();

  private enum Mode { HONEST, BAD_PROOF, OTHER_SYMBOL, MALFORMED, MISSING, FLAKY, OVERLOADED }

  private volatile Mode mode = Mode.HONEST;
  private final AtomicInteger requests = new AtomicInteger();
  private HttpServer server;
  private PeerClient peers;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      int n = requests.incrementAndGet();
      byte[] body;
      int status = 200;
      try {
        body = answer(exchange.getRequestURI().getRawQuery(), n);
      } catch (IllegalStateException e) {
        status = Integer.parseInt(e.getMessage());
        body = "{}".getBytes(StandardCharsets.UTF_8);
      }
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    peers = new PeerClient(Duration.ofSeconds(2), 1 << 20);
  }

  @AfterEach
  void stop() {
    server.stop(0);
    peers.close();
  }

  @Test
  void anHonestMemberPassesEverySymbol() throws Exception {
    ChallengeOutcome o = challenge(url(), 6);
    assertThat(o.passed()).as(o.toString()).isTrue();
    assertThat(o.symbolsChecked()).isEqualTo(6);
    assertThat(requests.get()).isEqualTo(6);
  }

  @Test
  void aBadProofAnotherSymbolOrAMalformedBodyFailsAtOnce() throws Exception {
    mode = Mode.BAD_PROOF;
    ChallengeOutcome bad = challenge(url(), 6);
    assertThat(bad.result()).isEqualTo(ChallengeOutcome.Result.FAILED);
    assertThat(bad.reason()).contains("invalid answer");
    assertThat(requests.get()).as("no retry of a wrong answer").isEqualTo(1);

    mode = Mode.OTHER_SYMBOL;
    ChallengeOutcome other = challenge(url(), 6);
    assertThat(other.result()).isEqualTo(ChallengeOutcome.Result.FAILED);
    assertThat(other.reason()).contains("instead");

    mode = Mode.MALFORMED;
    ChallengeOutcome malformed = challenge(url(), 6);
    assertThat(malformed.result()).isEqualTo(ChallengeOutcome.Result.FAILED);
    assertThat(malformed.reason()).contains("invalid answer");

    mode = Mode.MISSING;
    ChallengeOutcome missing = challenge(url(), 6);
    assertThat(missing.result()).isEqualTo(ChallengeOutcome.Result.FAILED);
    assertThat(requests.get()).as("no retry of a missing symbol").isEqualTo(1);
    assertThat(missing.reason()).endsWith("the member answered HTTP 404");
  }

  @Test
  void transientErrorsAreRetriedWithinTheAttemptsThenEndTheRunAsUnreachable() throws Exception {
    mode = Mode.FLAKY; // every other request answers 503
    ChallengeOutcome flaky = challenge(url(), 3);
    assertThat(flaky.passed()).as(flaky.toString()).isTrue();
    assertThat(requests.get()).isEqualTo(6);

    mode = Mode.OVERLOADED;
    requests.set(0);
    ChallengeOutcome overloaded = challenge(url(), 3);
    assertThat(overloaded.result()).as("overload is not a wrong answer").isEqualTo(ChallengeOutcome.Result.UNREACHABLE);
    assertThat(overloaded.passed()).isFalse();
    assertThat(overloaded.reason()).contains("no answer after 2 attempts");
    assertThat(requests.get()).isEqualTo(2);

    int port = server.getAddress().getPort();
    server.stop(0);
    ChallengeOutcome unreachable = challenge("http://127.0.0.1:" + port, 3);
    assertThat(unreachable.result()).isEqualTo(ChallengeOutcome.Result.UNREACHABLE);
    assertThat(unreachable.runs()).isEqualTo(1);
    assertThat(unreachable.reason()).contains("no answer after 2 attempts");
  }

  @Test
  void aSymbolOfABlobWithoutLocalMetadataIsSkipped() throws Exception {
    MemberChallenge challenge = new MemberChallenge("test", peers, id -> Optional.empty(), settings());
    ChallengeOutcome o = challenge.run(3, member(url()), symbols(4), CONFIG);
    assertThat(o.passed()).isTrue();
    assertThat(o.symbolsChecked()).isZero();
    assertThat(requests.get()).isZero();
  }

  @Test
  void aMissingSymbolOfABlobNoLongerCertifiedOnChainIsSkipped() throws Exception {
    mode = Mode.MISSING;
    List<BlobId> asked = new ArrayList<>();
    MemberChallenge challenge = new MemberChallenge("test", peers, id -> Optional.of(BLOB.metadata()), id -> {
      asked.add(id);
      return false; // deleted since the challenger listed it: the member rightly has nothing
    }, settings());
    ChallengeOutcome o = challenge.run(3, member(url()), symbols(4), CONFIG);
    assertThat(o.passed()).as(o.toString()).isTrue();
    assertThat(o.symbolsChecked()).isZero();
    assertThat(asked).hasSize(4).containsOnly(BLOB.blobId());

    mode = Mode.HONEST;
    asked.clear();
    ChallengeOutcome honest = challenge.run(3, member(url()), symbols(4), CONFIG);
    assertThat(honest.symbolsChecked()).isEqualTo(4);
    assertThat(asked).as("the chain is read only after a failure").isEmpty();
  }

  private ChallengeOutcome challenge(String url, int count) throws InterruptedException {
    requests.set(0);
    MemberChallenge challenge = new MemberChallenge("test", peers,
        id -> id.equals(BLOB.blobId()) ? Optional.of(BLOB.metadata()) : Optional.empty(), settings());
    return challenge.run(3, member(url), symbols(count), CONFIG);
  }

  private static StorageNodeConfig.Challenges settings() {
    return new StorageNodeConfig.Challenges(true, 0L, 8, 2, 2_000L, 10L, 1);
  }

  private static List<ChallengedSymbol> symbols(int count) {
    byte[] seed = new byte[32];
    new Random(1).nextBytes(seed);
    byte[] key = new byte[32];
    new Random(2).nextBytes(key);
    return ChallengeSelection.select(key, seed, new byte[20], List.of(0, 3, 6, 9), List.of(BLOB.blobId()), CONFIG,
        count);
  }

  private static CommitteeMember member(String url) {
    return new CommitteeMember(0, new byte[20], "target", url, new byte[20], List.of(0, 3, 6, 9));
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The body for {@code ?id=P-S&proofAxis=...}, or an IllegalStateException carrying an HTTP status. */
  private byte[] answer(String query, int request) {
    SymbolQuery q = SymbolQuery.parse(query);
    SymbolId symbol = q.symbol();
    SliverType axis = q.axis();
    switch (mode) {
      case MALFORMED -> {
        return new byte[] {1, 2, 3};
      }
      case MISSING -> throw new IllegalStateException("404");
      case OVERLOADED -> throw new IllegalStateException("503");
      case FLAKY -> {
        if (request % 2 == 1) {
          throw new IllegalStateException("503");
        }
      }
      case OTHER_SYMBOL -> symbol = new SymbolId(symbol.primary(), (symbol.secondary() + 1) % 10);
      default -> { }
    }
    int pair = axis == SliverType.PRIMARY ? symbol.primary() : CONFIG.secondarySliverIndex(symbol.secondary());
    GeneralRecoverySymbol g = new RecoverySymbolProducer(CONFIG, BLOB.pair(pair).sliver(axis))
        .generalRecoverySymbol(symbol);
    if (mode == Mode.BAD_PROOF) {
      byte[] data = g.symbol().data();
      data[0] ^= 1;
      g = new GeneralRecoverySymbol(g.targetType(), DecodingSymbol.of(g.symbol().index(), data), g.targetIndex(),
          g.proof());
    }
    return GeneralRecoverySymbol.listToBcs(List.of(g));
  }

  private static EncodedBlob blob() {
    byte[] data = new byte[5_000];
    new Random(9).nextBytes(data);
    return new RedStuffEncoder(CONFIG).encode(data);
  }
}
