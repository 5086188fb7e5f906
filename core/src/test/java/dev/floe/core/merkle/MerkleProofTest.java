package dev.floe.core.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.core.errors.BcsException;
import dev.floe.core.errors.InvalidDataException;
import dev.floe.core.errors.InvalidProofException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MerkleProofTest {
  private List<byte[]> leaves;
  private MerkleTree tree;

  @BeforeEach
  void setUp() {
    Random random = new Random(9);
    leaves = new ArrayList<>();
    for (int i = 0; i < 13; i++) {
      byte[] leaf = new byte[40];
      random.nextBytes(leaf);
      leaves.add(leaf);
    }
    tree = MerkleTree.fromLeaves(leaves);
  }

  @Test
  void shouldRejectTamperedLeafWithRootMismatch() {
    MerkleProof proof = tree.proof(6);
    byte[] tampered = leaves.get(6).clone();
    tampered[0] ^= 1;
    assertThat(proof.verify(tampered, 6, tree.root())).isFalse();
    assertThatThrownBy(() -> proof.check(tampered, 6, 13, tree.root()))
        .isInstanceOf(InvalidProofException.class)
        .hasMessageContaining("gives root");
  }

  @Test
  void shouldRejectTamperedSibling() {
    List<Node> path = new ArrayList<>(tree.proof(3).path());
    byte[] sibling = path.get(1).bytes();
    sibling[31] ^= (byte) 0x80;
    path.set(1, Node.digest(sibling));
    assertThat(new MerkleProof(path).verify(leaves.get(3), 3, tree.root())).isFalse();
  }

  @Test
  void shouldRejectWrongIndexAndIndexBeyondThePath() {
    MerkleProof proof = tree.proof(5);
    assertThat(proof.verify(leaves.get(5), 4, tree.root())).isFalse();
    assertThat(proof.verify(leaves.get(5), 5 + 16, tree.root())).as("index >> path length != 0").isFalse();
    assertThat(proof.verify(leaves.get(5), -1, tree.root())).isFalse();
    assertThatThrownBy(() -> proof.check(leaves.get(5), 13, 13, tree.root()))
        .isInstanceOf(InvalidProofException.class)
        .hasMessageContaining("outside");
    assertThatThrownBy(() -> proof.computeRoot(leaves.get(5), 16)).isInstanceOf(InvalidProofException.class);
  }

  @Test
  void shouldRejectAPathLongerThanTheTreeAllows() {
    List<Node> path = new ArrayList<>(tree.proof(0).path());
    path.add(Node.EMPTY);
    MerkleProof longProof = new MerkleProof(path);
    assertThatThrownBy(() -> longProof.check(leaves.get(0), 0, 13, tree.root()))
        .isInstanceOf(InvalidProofException.class)
        .hasMessageContaining("at most 4");
  }

  @Test
  void shouldTreatEmptyAndZeroDigestAlikeWhenHashingButNotInBcs() {
    Node zeroDigest = Node.digest(new byte[32]);
    assertThat(zeroDigest).isNotEqualTo(Node.EMPTY);
    assertThat(zeroDigest.bytes()).isEqualTo(Node.EMPTY.bytes());
    MerkleTree small = MerkleTree.fromLeaves(leaves.subList(0, 3));
    MerkleProof withEmpty = small.proof(2);
    MerkleProof withZeroDigest = new MerkleProof(List.of(zeroDigest, withEmpty.path().get(1)));
    assertThat(withZeroDigest.computeRoot(leaves.get(2), 2)).isEqualTo(small.root());
    assertThat(withZeroDigest.toBcs()).isNotEqualTo(withEmpty.toBcs());
  }

  @Test
  void shouldEncodeTheWalrusBcsLayout() {
    byte[] digest = new byte[32];
    Arrays.fill(digest, (byte) 7);
    byte[] bcs = new MerkleProof(List.of(Node.EMPTY, Node.digest(digest))).toBcs();
    byte[] expected = new byte[1 + 1 + 1 + 32];
    expected[0] = 2;
    expected[1] = 0;
    expected[2] = 1;
    System.arraycopy(digest, 0, expected, 3, 32);
    assertThat(bcs).isEqualTo(expected);
  }

  @Test
  void shouldRejectMalformedBcs() {
    byte[] good = tree.proof(1).toBcs();
    assertThatThrownBy(() -> MerkleProof.fromBcs(Arrays.copyOf(good, good.length - 1)))
        .isInstanceOf(BcsException.class)
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> MerkleProof.fromBcs(Arrays.copyOf(good, good.length + 1)))
        .isInstanceOf(BcsException.class)
        .hasMessageContaining("trailing");
    byte[] badVariant = good.clone();
    badVariant[1] = 2;
    assertThatThrownBy(() -> MerkleProof.fromBcs(badVariant))
        .isInstanceOf(BcsException.class)
        .hasMessageContaining("Merkle node variant 2");
    assertThatThrownBy(() -> MerkleProof.fromBcs(new byte[] {(byte) 0xff, (byte) 0xff, 0x03}))
        .isInstanceOf(BcsException.class)
        .hasMessageContaining("exceeds");
  }

  @Provide
  Arbitrary<MerkleProof> proofs() {
    Arbitrary<Node> nodes =
        Arbitraries.oneOf(
            Arbitraries.just(Node.EMPTY),
            Arbitraries.bytes().array(byte[].class).ofSize(32).map(Node::digest));
    return nodes.list().ofMaxSize(20).map(MerkleProof::new);
  }

  @Property(tries = 300)
  void bcsRoundTripIsIdentity(@ForAll("proofs") MerkleProof proof) {
    assertThat(MerkleProof.fromBcs(proof.toBcs())).isEqualTo(proof);
  }

  @Property(tries = 300)
  void truncatedOrExtendedBcsIsRejected(
      @ForAll("proofs") MerkleProof proof, @ForAll @IntRange(min = 1, max = 40) int cut, @ForAll byte extra) {
    byte[] bcs = proof.toBcs();
    int keep = Math.max(0, bcs.length - cut);
    assertThatThrownBy(() -> MerkleProof.fromBcs(Arrays.copyOf(bcs, keep))).isInstanceOf(BcsException.class);
    byte[] longer = Arrays.copyOf(bcs, bcs.length + 1);
    longer[bcs.length] = extra;
    assertThatThrownBy(() -> MerkleProof.fromBcs(longer)).isInstanceOf(BcsException.class);
  }

  @Property(tries = 500)
  void randomBytesOnlyRaiseInvalidData(@ForAll @Size(max = 200) byte[] bytes) {
    try {
      MerkleProof.fromBcs(bytes);
      Node.fromBcs(bytes);
    } catch (InvalidDataException expected) {
      // the only acceptable failure
    }
  }
}
