package dev.floe.client.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.client.InsufficientConfirmationsException;
import dev.floe.client.nodes.NodeDirectory;
import dev.floe.client.nodes.NodeDirectory.Member;
import dev.floe.client.nodes.NodeTransport;
import dev.floe.client.nodes.StorageNodeClient.SignedConfirmation;
import dev.floe.controlplane.Address;
import dev.floe.controlplane.CommitteeInfo;
import dev.floe.controlplane.CommitteeMemberInfo;
import dev.floe.core.blob.BlobId;
import dev.floe.core.committee.Committee;
import dev.floe.core.committee.CommitteeMember;
import dev.floe.core.crypto.ProtocolKeyPair;
import dev.floe.core.messages.BlobPersistence;
import dev.floe.core.messages.Certificate;
import dev.floe.core.messages.StorageConfirmation;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConfirmationCollectorTest {
  private static final int EPOCH = 7;
  private final NodeTransport transport = new NodeTransport(Duration.ofSeconds(1), Duration.ofSeconds(1));
  private final SecureRandom random = new SecureRandom();
  private final List<ProtocolKeyPair> keys = new ArrayList<>();
  private final BlobId blobId = BlobId.of(bytes(32, 3));
  private final StorageConfirmation expected = new StorageConfirmation(EPOCH, blobId, BlobPersistence.PERMANENT);

  @AfterEach
  void close() {
    transport.close();
  }

  /** Four members holding 3, 3, 2 and 2 of 10 shards (quorum: 7 shards). */
  private NodeDirectory committee() {
    int[][] shards = {{0, 1, 2}, {3, 4, 5}, {6, 7}, {8, 9}};
    List<CommitteeMemberInfo> members = new ArrayList<>();
    for (int i = 0; i < shards.length; i++) {
      ProtocolKeyPair key = ProtocolKeyPair.generate(random);
      keys.add(key);
      List<Integer> list = new ArrayList<>();
      for (int s : shards[i]) {
        list.add(s);
      }
      members.add(new CommitteeMemberInfo(i, Address.of(bytes(20, i + 1)), Address.of(key.address()), list,
          "node-" + i, "127.0.0.1:" + (9000 + i)));
    }
    return new NodeDirectory(new CommitteeInfo(EPOCH, 10, members), transport);
  }

  @Test
  void shouldBuildACertificateThatVerifiesOnceAQuorumOfShardsConfirmed() throws Exception {
    NodeDirectory dir = committee();
    ConfirmationCollector collector = new ConfirmationCollector(expected, 10, 4);
    byte[] message = expected.toBytes();
    collector.accept(dir.members().get(0), new SignedConfirmation(message, keys.get(0).sign(message)));
    collector.accept(dir.members().get(1), new SignedConfirmation(message, keys.get(1).sign(message)));
    assertThat(collector.confirmedWeight()).isEqualTo(6);
    assertThatThrownBy(collector::certificate)
        .isInstanceOf(InsufficientConfirmationsException.class)
        .hasMessageContaining("6 of the 7");
    collector.accept(dir.members().get(3), new SignedConfirmation(message, keys.get(3).sign(message)));
    assertThat(collector.awaitQuorum(Duration.ofSeconds(1), Duration.ZERO)).isTrue();

    Certificate certificate = collector.certificate();
    assertThat(certificate.signerIndices()).containsExactly(0, 1, 3);
    List<CommitteeMember> core = new ArrayList<>();
    for (Member m : dir.members()) {
      core.add(new CommitteeMember(m.index(), m.info().nodeId().toBytes(), m.info().protocolKeyAddress().toBytes(),
          m.info().shards()));
    }
    assertThat(certificate.verify(new Committee(EPOCH, core))).isEqualTo(8);
  }

  @Test
  void shouldCountABadSignatureOrAnotherMessageAsThatMembersFailure() throws Exception {
    NodeDirectory dir = committee();
    ConfirmationCollector collector = new ConfirmationCollector(expected, 10, 4);
    byte[] message = expected.toBytes();
    collector.accept(dir.members().get(0), new SignedConfirmation(message, keys.get(1).sign(message)));
    byte[] otherEpoch = new StorageConfirmation(EPOCH + 1, blobId, BlobPersistence.PERMANENT).toBytes();
    collector.accept(dir.members().get(1), new SignedConfirmation(otherEpoch, keys.get(1).sign(otherEpoch)));
    assertThat(collector.confirmedWeight()).isZero();
    assertThat(collector.failureSummary())
        .contains("node-0: confirmation signature does not recover")
        .contains("node-1: confirmation is for");
    collector.accept(dir.members().get(2), new SignedConfirmation(message, keys.get(2).sign(message)));
    collector.fail(dir.members().get(3), "connection refused");
    // 6 of 10 shards failed: a quorum can no longer be reached, so waiting ends at once
    long start = System.nanoTime();
    assertThat(collector.awaitQuorum(Duration.ofSeconds(30), Duration.ZERO)).isFalse();
    assertThat(System.nanoTime() - start).isLessThan(Duration.ofSeconds(5).toNanos());
  }

  @Test
  void shouldTimeOutWhileMembersStaySilent() throws Exception {
    committee();
    ConfirmationCollector collector = new ConfirmationCollector(expected, 10, 4);
    assertThat(collector.awaitQuorum(Duration.ofMillis(200), Duration.ZERO)).isFalse();
  }

  private static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (seed * 31 + i);
    }
    return b;
  }
}
