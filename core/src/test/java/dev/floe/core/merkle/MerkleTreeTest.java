package dev.floe.core.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.crypto.Blake2b256;
import dev.floe.core.errors.InvalidSizeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {
  private static final List<byte[]> WALRUS_TEST_INPUT =
      List.of("foo", "bar", "fizz", "baz", "buzz", "fizz", "foobar", "walrus", "fizz").stream()
          .map(s -> s.getBytes(StandardCharsets.US_ASCII))
          .toList();

  private static List<byte[]> randomLeaves(Random random, int count, int size) {
    List<byte[]> leaves = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      byte[] leaf = new byte[size];
      random.nextBytes(leaf);
      leaves.add(leaf);
    }
    return leaves;
  }

  @Test
  void shouldHaveTheEmptyNodeAsRootOfNoLeaves() {
    MerkleTree tree = MerkleTree.fromLeaves(List.of());
    assertThat(tree.root()).isEqualTo(Node.EMPTY);
    assertThat(tree.root().bytes()).isEqualTo(new byte[32]);
    assertThat(MerkleTree.rootOfLeafHashes(new byte[0], 0, 32, 0, new byte[0])).isEqualTo(Node.EMPTY);
  }

  @Test
  void shouldHaveTheLeafHashAsRootOfOneLeaf() {
    byte[] leaf = "Test".getBytes(StandardCharsets.US_ASCII);
    MerkleTree tree = MerkleTree.fromLeaves(List.of(leaf));
    assertThat(tree.root()).isEqualTo(Node.digest(ReferenceMerkle.blake((byte) 0, leaf)));
    assertThat(MerkleTree.fromLeaves(List.of(new byte[0])).root().bytes())
        .isEqualTo(ReferenceMerkle.blake((byte) 0));
  }

  @Test
  void shouldPadOddLevelsWithZerosThatAreNotHashed() {
    List<byte[]> leaves = WALRUS_TEST_INPUT.subList(0, 3);
    byte[] l0 = ReferenceMerkle.blake((byte) 0, leaves.get(0));
    byte[] l1 = ReferenceMerkle.blake((byte) 0, leaves.get(1));
    byte[] l2 = ReferenceMerkle.blake((byte) 0, leaves.get(2));
    byte[] expected =
        ReferenceMerkle.blake(
            (byte) 1, ReferenceMerkle.blake((byte) 1, l0, l1), ReferenceMerkle.blake((byte) 1, l2, new byte[32]));
    assertThat(MerkleTree.fromLeaves(leaves).root().bytes()).isEqualTo(expected);
  }

  @Test
  void shouldMatchTheReferenceForEveryLeafCountUpTo70() {
    Random random = new Random(5);
    for (int count = 0; count <= 70; count++) {
      List<byte[]> leaves = randomLeaves(random, count, 1 + random.nextInt(200));
      assertThat(MerkleTree.fromLeaves(leaves).root().bytes())
          .as("%d leaves", count)
          .isEqualTo(ReferenceMerkle.root(leaves));
    }
  }

  @Test
  void shouldBuildTheSameTreeFromLeavesFlatDataAndLeafHashes() {
    Random random = new Random(6);
    for (int count : new int[] {1, 2, 7, 10, 33, 100}) {
      int size = 2 + 2 * random.nextInt(100);
      byte[] flat = new byte[3 + count * size];
      random.nextBytes(flat);
      List<byte[]> leaves = new ArrayList<>();
      byte[] hashes = new byte[count * 32];
      byte[] strided = new byte[7 + count * 40];
      for (int i = 0; i < count; i++) {
        byte[] leaf = Arrays.copyOfRange(flat, 3 + i * size, 3 + (i + 1) * size);
        leaves.add(leaf);
        byte[] h = ReferenceMerkle.blake((byte) 0, leaf);
        System.arraycopy(h, 0, hashes, i * 32, 32);
        System.arraycopy(h, 0, strided, 7 + i * 40, 32);
      }
      Node expected = Node.digest(ReferenceMerkle.root(leaves));
      assertThat(MerkleTree.fromLeaves(leaves).root()).isEqualTo(expected);
      assertThat(MerkleTree.fromLeafData(flat, 3, size, count).root()).isEqualTo(expected);
      assertThat(MerkleTree.fromLeafHashes(hashes, count).root()).isEqualTo(expected);
      byte[] scratch = new byte[MerkleTree.scratchSize(count)];
      assertThat(MerkleTree.rootOfLeafHashes(strided, 7, 40, count, scratch)).isEqualTo(expected);
      byte[] out = new byte[40];
      MerkleTree.rootOfLeafHashes(strided, 7, 40, count, scratch, out, 5);
      assertThat(Arrays.copyOfRange(out, 5, 37)).isEqualTo(expected.bytes());
    }
  }

  @Test
  void shouldProduceProofsThatVerifyForEveryLeafOfTheWalrusTestInput() {
    for (int count = 0; count <= WALRUS_TEST_INPUT.size(); count++) {
      List<byte[]> leaves = WALRUS_TEST_INPUT.subList(0, count);
      MerkleTree tree = MerkleTree.fromLeaves(leaves);
      for (int i = 0; i < count; i++) {
        MerkleProof proof = tree.proof(i);
        assertThat(proof.path()).hasSize(MerkleProof.maxPathLength(count));
        assertThat(proof.verify(leaves.get(i), i, tree.root())).isTrue();
        proof.check(leaves.get(i), i, count, tree.root());
        assertThat(proof.verify(leaves.get(i), i + 1, tree.root())).as("wrong index").isFalse();
      }
    }
  }

  @Test
  void shouldUseTheEmptyNodeForThePaddingSiblingInProofs() {
    MerkleTree tree = MerkleTree.fromLeaves(WALRUS_TEST_INPUT.subList(0, 5));
    MerkleProof proof = tree.proof(4);
    assertThat(proof.path()).hasSize(3);
    assertThat(proof.path().get(0)).isEqualTo(Node.EMPTY);
    assertThat(proof.path().get(1)).isEqualTo(Node.EMPTY);
    assertThat(proof.path().get(2)).isInstanceOf(Node.Digest.class);
    assertThat(proof.toBcs()[1]).as("first node is BCS Empty").isEqualTo((byte) 0);
  }

  @Test
  void shouldComputeWalrusPathLengths() {
    int[] expected = {0, 0, 1, 2, 2, 3, 3, 3, 3, 4};
    for (int n = 0; n < expected.length; n++) {
      assertThat(MerkleProof.maxPathLength(n)).as("%d leaves", n).isEqualTo(expected[n]);
    }
    assertThat(MerkleProof.maxPathLength(1000)).isEqualTo(10);
    assertThat(MerkleProof.maxPathLength(1025)).isEqualTo(11);
  }

  @Test
  void shouldExposeLeafHashes() {
    MerkleTree tree = MerkleTree.fromLeaves(WALRUS_TEST_INPUT);
    assertThat(tree.leafCount()).isEqualTo(9);
    assertThat(tree.leafHash(8).bytes()).isEqualTo(Blake2b256.leafHash(WALRUS_TEST_INPUT.get(8)));
  }

  @Test
  void shouldRejectOutOfRangeArguments() {
    MerkleTree tree = MerkleTree.fromLeaves(WALRUS_TEST_INPUT.subList(0, 4));
    assertThatThrownBy(() -> tree.proof(4)).isInstanceOf(InvalidSizeException.class).hasMessageContaining("leaf index 4");
    assertThatThrownBy(() -> tree.proof(-1)).isInstanceOf(InvalidSizeException.class);
    assertThatThrownBy(() -> MerkleTree.fromLeafHashes(new byte[63], 2)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> MerkleTree.rootOfLeafHashes(new byte[96], 0, 32, 3, new byte[63]))
        .isInstanceOf(InvalidSizeException.class)
        .hasMessageContaining("scratch");
    assertThatThrownBy(() -> MerkleTree.rootOfLeafHashes(new byte[95], 0, 32, 3, new byte[64]))
        .isInstanceOf(InvalidSizeException.class)
        .hasMessageContaining("do not fit");
    assertThatThrownBy(() -> MerkleTree.rootOfLeafHashes(new byte[96], 0, 16, 3, new byte[64]))
        .isInstanceOf(InvalidSizeException.class)
        .hasMessageContaining("stride");
  }

  @Property(tries = 200)
  void everyProofOfARandomTreeVerifiesAndMatchesTheReferenceRoot(
      @ForAll @IntRange(min = 1, max = 300) int count, @ForAll @IntRange(max = 299) int pick, @ForAll long seed) {
    Random random = new Random(seed);
    List<byte[]> leaves = randomLeaves(random, count, 1 + random.nextInt(70));
    MerkleTree tree = MerkleTree.fromLeaves(leaves);
    assertThat(tree.root().bytes()).isEqualTo(ReferenceMerkle.root(leaves));
    int index = pick % count;
    MerkleProof proof = tree.proof(index);
    assertThat(proof.verify(leaves.get(index), index, tree.root())).isTrue();
    assertThat(proof.verifyLeafHash(tree.leafHash(index).bytes(), index, tree.root())).isTrue();
    assertThat(MerkleProof.fromBcs(proof.toBcs())).isEqualTo(proof);
  }
}
