package dev.floe.client.upload;

import dev.floe.client.InsufficientConfirmationsException;
import dev.floe.client.nodes.NodeDirectory.Member;
import dev.floe.client.nodes.StorageNodeClient.SignedConfirmation;
import dev.floe.core.blob.BlobId;
import dev.floe.core.committee.Bft;
import dev.floe.core.crypto.ProtocolKeyPair;
import dev.floe.core.errors.InvalidDataException;
import dev.floe.core.messages.Certificate;
import dev.floe.core.messages.StorageConfirmation;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * Collects the signed storage confirmations of one upload until they carry a quorum of shard
 * weight, and builds the certificate from them. Every confirmation is checked before it counts: its
 * bytes must be exactly the expected {@link StorageConfirmation} (epoch, blob ID, persistence) and its
 * signature must recover to the member's registered protocol key address. Thread-safe.
 */
public final class ConfirmationCollector {
  private final BlobId blobId;
  private final byte[] expectedMessage;
  private final StorageConfirmation expected;
  private final int nShards;
  private final int members;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<Integer, byte[]> signatures = new TreeMap<>();
  private final Map<String, String> failures = new LinkedHashMap<>();
  private long confirmedWeight;
  private long failedWeight;
  private int reported;

  /**
   * A collector for confirmations of {@code expected} from a committee of {@code members} members
   * holding {@code nShards} shards.
   */
  public ConfirmationCollector(StorageConfirmation expected, int nShards, int members) {
    this.blobId = expected.blobId();
    this.expected = expected;
    this.expectedMessage = expected.toBytes();
    this.nShards = nShards;
    this.members = members;
  }

  /**
   * Checks and records {@code member}'s confirmation. A confirmation that does not check out counts
   * as that member's failure.
   */
  public void accept(Member member, SignedConfirmation confirmation) {
    String problem = check(member, confirmation);
    if (problem != null) {
      fail(member, problem);
      return;
    }
    lock.lock();
    try {
      if (signatures.putIfAbsent(member.index(), confirmation.signature()) == null) {
        confirmedWeight += member.weight();
        reported++;
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Records that {@code member} will not confirm, and why. */
  public void fail(Member member, String reason) {
    lock.lock();
    try {
      if (!signatures.containsKey(member.index()) && failures.putIfAbsent(member.name(), reason) == null) {
        failedWeight += member.weight();
        reported++;
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until the confirmed weight is a quorum (then up to {@code extraWait} more for the
   * remaining members), until a quorum is no longer reachable, or until {@code timeout}. Returns
   * whether a quorum was reached.
   */
  public boolean awaitQuorum(Duration timeout, Duration extraWait) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (!Bft.isQuorum(confirmedWeight, nShards) && reported < members && quorumReachable()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        changed.await(left, TimeUnit.NANOSECONDS);
      }
      if (!Bft.isQuorum(confirmedWeight, nShards)) {
        return false;
      }
      long extraDeadline = Math.min(deadline, System.nanoTime() + extraWait.toNanos());
      while (reported < members) {
        long left = extraDeadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        changed.await(left, TimeUnit.NANOSECONDS);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** The certificate over the collected confirmations; fails unless they form a quorum. */
  public Certificate certificate() {
    lock.lock();
    try {
      if (!Bft.isQuorum(confirmedWeight, nShards)) {
        throw new InsufficientConfirmationsException(
            blobId, (int) confirmedWeight, Bft.quorumWeight(nShards), failureSummary());
      }
      return Certificate.ofSecp256k1(expectedMessage, signatures);
    } finally {
      lock.unlock();
    }
  }

  /** Shard weight confirmed so far. */
  public long confirmedWeight() {
    lock.lock();
    try {
      return confirmedWeight;
    } finally {
      lock.unlock();
    }
  }

  /** Members that failed, with their reasons, as one line. */
  public String failureSummary() {
    lock.lock();
    try {
      return failures.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; "));
    } finally {
      lock.unlock();
    }
  }

  private boolean quorumReachable() {
    return Bft.isQuorum(nShards - failedWeight, nShards);
  }

  private String check(Member member, SignedConfirmation confirmation) {
    byte[] message = confirmation.message();
    if (!Arrays.equals(message, expectedMessage)) {
      try {
        StorageConfirmation got = StorageConfirmation.parse(message);
        return "confirmation is for " + got + ", expected " + expected;
      } catch (InvalidDataException e) {
        return "confirmation is malformed: " + e.getMessage();
      }
    }
    byte[] address = member.info().protocolKeyAddress().toBytes();
    if (!ProtocolKeyPair.verify(message, confirmation.signature(), address)) {
      return "confirmation signature does not recover to the member's protocol key "
          + member.info().protocolKeyAddress().toHex();
    }
    return null;
  }
}
