package dev.floe.controlplane.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.controlplane.Deployment;
import dev.floe.controlplane.DeploymentParameters;
import dev.floe.controlplane.RevertedException;
import dev.floe.core.blob.BlobId;
import dev.floe.core.blob.EncodingType;
import dev.floe.core.encoding.EncodingConfig;
import dev.floe.core.merkle.Node;
import dev.floe.testkit.AnvilNode;
import dev.floe.testkit.Await;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract derives blob IDs with Blake2b through the EIP-152 precompile and bills encoded sizes
 * exactly as core (and Walrus) compute them, for several shard counts and sizes.
 */
class BlobIdOnChainTest {
  private static final int[] SHARDS = {4, 10, 31, 100, 1000};
  private static AnvilNode anvil;
  private static final List<EvmControlPlane> planes = new ArrayList<>();

  @BeforeAll
  static void deploy() {
    anvil = AnvilNode.start();
    EvmConfig config = EvmConfig.local(anvil.rpcUrl());
    for (int n : SHARDS) {
      Deployment d = Deployer.deploy(config, EvmAccount.devAccount(0),
          DeploymentParameters.localnet(n, ChainFixture.EPOCH));
      planes.add(EvmControlPlane.connect(config, d, EvmAccount.devAccount(0)));
    }
  }

  @AfterAll
  static void stop() {
    planes.forEach(EvmControlPlane::close);
    anvil.close();
  }

  @Test
  void shouldDeriveTheSameBlobIdAsCoreForRandomRootsAndSizes() {
    Random random = new Random(11);
    long[] sizes = {0, 1, 2, 33, 1_000, 65_535, 1L << 20, 1L << 32, Long.MAX_VALUE};
    EvmControlPlane cp = planes.get(0);
    for (long size : sizes) {
      for (int i = 0; i < 3; i++) {
        byte[] root = new byte[32];
        random.nextBytes(root);
        BlobId expected = BlobId.compute(EncodingType.RS2, size, Node.digest(root));
        assertThat(Await.result(cp.deriveBlobIdOnChain(1, size, root))).as("size %d", size).isEqualTo(expected);
      }
    }
    assertThat(Await.result(cp.deriveBlobIdOnChain(1, 0, new byte[32])))
        .isEqualTo(BlobId.compute(EncodingType.RS2, 0, Node.EMPTY));
  }

  @Test
  void shouldMatchWalrussOwnEncoderForSeveralShardCountsAndSizes() throws Exception {
    List<String> args = new ArrayList<>();
    int[] shards = {4, 7, 10, 31, 100};
    long[] sizes = {0, 1, 33, 1_000, 12_345};
    int seed = 1;
    for (int n : shards) {
      for (long size : sizes) {
        args.add(Integer.toString(n));
        args.add(Long.toString(size));
        args.add(Integer.toString(seed++));
      }
    }
    List<String> lines = walrus(args);
    assertThat(lines).hasSize(shards.length * sizes.length);
    EvmControlPlane cp = planes.get(0);
    for (String line : lines) {
      String[] p = line.split(" ");
      long size = Long.parseLong(p[1]);
      byte[] root = HexFormat.of().parseHex(p[3]);
      BlobId walrus = BlobId.parseHex(p[2]);
      assertThat(BlobId.compute(EncodingType.RS2, size, Node.digest(root))).as(line).isEqualTo(walrus);
      assertThat(Await.result(cp.deriveBlobIdOnChain(1, size, root))).as(line).isEqualTo(walrus);
    }
  }

  @Test
  void shouldBillTheEncodedSizeOfCoreAndRejectOversizedBlobs() {
    for (int i = 0; i < SHARDS.length; i++) {
      EncodingConfig config = new EncodingConfig(SHARDS[i]);
      EvmControlPlane cp = planes.get(i);
      long max = config.maxBlobSize();
      for (long size : new long[] {0, 1, 2, 3, 1_000, 1L << 18, (1L << 18) + 1, max - 1, max}) {
        assertThat(Await.result(cp.encodedSizeOnChain(size))).as("n=%d size=%d", SHARDS[i], size)
            .isEqualTo(config.encodedLength(size));
      }
      assertThatThrownBy(() -> Await.result(cp.encodedSizeOnChain(max + 1)))
          .isInstanceOfSatisfying(RevertedException.class, e -> {
            assertThat(e.errorName()).isEqualTo("BlobTooLarge");
            assertThat(e.arguments()).containsExactly(Long.toString(max + 1), Long.toString(max));
          });
    }
  }

  private static List<String> walrus(List<String> triples) throws IOException, InterruptedException {
    Path root = Path.of(System.getProperty("floe.root", "..")).toAbsolutePath();
    Path script = Path.of("src/test/resources/walrus-metadata.js").toAbsolutePath();
    List<String> cmd = new ArrayList<>(List.of("node", script.toString(), root.toString()));
    cmd.addAll(triples);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("node walrus-metadata.js: %s", out).isZero();
    return out.lines().filter(l -> !l.isBlank()).toList();
  }
}
