package dev.floe.controlplane.evm;

import dev.floe.controlplane.BlobObject;
import dev.floe.controlplane.BlobRegistration;
import dev.floe.controlplane.CommitteeInfo;
import dev.floe.controlplane.CommitteeMemberInfo;
import dev.floe.controlplane.DeploymentParameters;
import dev.floe.controlplane.StorageResource;
import dev.floe.controlplane.TokenAmount;
import dev.floe.core.messages.BlobPersistence;
import dev.floe.core.messages.ChallengeFailureMessage;
import dev.floe.core.messages.InvalidBlobIdMessage;
import dev.floe.core.messages.StorageConfirmation;
import dev.floe.testkit.Await;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures the gas of Floe's contract operations on anvil for committees of 4, 10, 30 and 100
 * nodes (equal stake, n = 1000 shards), storage-challenge failure reports included, and prints a
 * Markdown table. Run:
 *
 * <pre>
 *   mvn -q -o -Dfloe.buildDir=target-chain -pl contracts install -DskipTests
 *   mvn -q -o -Dfloe.buildDir=target-chain -pl control-plane test-compile exec:exec@gas-report
 * </pre>
 *
 * Arguments (optional): the number of shards, then committee sizes. A second table measures a full
 * active set of {@value #ACTIVE_SET} nodes (committees of 150) at the same shard count: the
 * eviction path and committee selection at the largest size {@code DeploymentParameters} accepts;
 * {@code active-set N SIZE} measures only that, for N shards and an active set of SIZE.
 */
public final class GasReport {
  private static final Pattern GAS_USED = Pattern.compile("\"gasUsed\"\\s*:\\s*\"(0x[0-9a-fA-F]+)\"");

  /** The active-set size of the second table: the largest DeploymentParameters accepts. */
  static final int ACTIVE_SET = DeploymentParameters.MAX_ACTIVE_NODES;

  private GasReport() {}

  public static void main(String[] rawArgs) {
    String[] args = String.join(" ", rawArgs).trim().isEmpty() ? new String[0] : String.join(" ", rawArgs).trim().split("\\s+");
    if (args.length > 0 && args[0].equals("active-set")) {
      printActiveSet(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
      return;
    }
    int nShards = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    List<Integer> parsed = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      parsed.add(Integer.parseInt(args[i]));
    }
    List<Integer> sizes = parsed.isEmpty() ? List.of(4, 10, 30, 100) : List.copyOf(parsed);
    Map<String, Map<Integer, Long>> table = new LinkedHashMap<>();
    for (int m : sizes) {
      long start = System.nanoTime();
      measure(nShards, m, table);
      System.err.printf("committee of %d measured in %.1f s%n", m, (System.nanoTime() - start) / 1e9);
    }
    System.out.println("Gas on anvil 1.7.1 (solc 0.8.37, EVM cancun, optimizer 200 runs, via-IR), n = " + nShards
        + " shards, equal stakes; certificates are secp256k1 (one ecrecover per signer).");
    System.out.println();
    StringBuilder header = new StringBuilder("| operation |");
    StringBuilder rule = new StringBuilder("|---|");
    for (int m : sizes) {
      header.append(' ').append(m).append(" nodes |");
      rule.append("---:|");
    }
    System.out.println(header);
    System.out.println(rule);
    table.forEach((op, byM) -> {
      StringBuilder row = new StringBuilder("| ").append(op).append(" |");
      for (int m : sizes) {
        Long g = byM.get(m);
        row.append(' ').append(g == null ? "-" : String.format("%,d", g)).append(" |");
      }
      System.out.println(row);
    });
    if (parsed.isEmpty() || parsed.equals(List.of(4, 10, 30, 100))) { // the default run: both tables
      System.out.println();
      printActiveSet(nShards, ACTIVE_SET);
    }
  }

  private static void printActiveSet(int nShards, int size) {
    long start = System.nanoTime();
    Map<String, Long> rows = measureActiveSet(nShards, size);
    System.err.printf("active set of %d measured in %.1f s%n", size, (System.nanoTime() - start) / 1e9);
    System.out.println("Full active set of " + size + " nodes (stakes all different), committees of "
        + Math.min(size, DeploymentParameters.MAX_COMMITTEE_SIZE) + ", n = " + nShards + " shards:");
    System.out.println();
    System.out.println("| operation | gas |");
    System.out.println("|---|---:|");
    rows.forEach((op, gas) -> System.out.printf("| %s | %,d |%n", op, gas));
  }

  /**
   * Fills an active set of {@code size} with distinct stakes, then measures the longest heap paths:
   * a newcomer above every member replaces the root and sifts down to a leaf; the lowest member
   * gaining the most stake does the same in place.
   */
  private static Map<String, Long> measureActiveSet(int nShards, int size) {
    int committee = Math.min(size, DeploymentParameters.MAX_COMMITTEE_SIZE);
    DeploymentParameters params = new DeploymentParameters(nShards, ChainFixture.EPOCH, 53, TokenAmount.ofUnits(1),
        committee, size, true);
    Map<String, Long> rows = new LinkedHashMap<>();
    try (ChainFixture f = new ChainFixture(nShards, params)) {
      List<ChainFixture.TestNode> members = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        ChainFixture.TestNode n = f.registerNode(TokenAmount.ofTokens(1_000_000));
        members.add(n);
        Await.result(n.cp().stake(n.id(), TokenAmount.ofTokens(1_000 + i)));
        if (i == 0) {
          rows.put("stake, joining an empty active set", lastGas(f));
        }
      }
      rows.put("stake, joining with room left (last of " + size + ")", lastGas(f));
      ChainFixture.TestNode newcomer = f.registerNode(TokenAmount.ofTokens(1_000_000));
      rows.put("register node (" + (size + 1) + " registered; registration is unbounded)", lastGas(f));
      dev.floe.controlplane.StakeInfo bid =
          Await.result(newcomer.cp().stake(newcomer.id(), TokenAmount.ofTokens(10_000)));
      rows.put("stake, evicting the lowest member (worst case: sifts to a leaf)", lastGas(f));
      Await.result(newcomer.cp().requestWithdrawal(bid.stakeId()));
      rows.put("withdrawal taking a member out (the member it evicted comes back)", lastGas(f));
      Await.result(newcomer.cp().stake(newcomer.id(), TokenAmount.ofTokens(10_000))); // evicts it again
      ChainFixture.TestNode outsider = f.registerNode(TokenAmount.ofTokens(1_000_000));
      Await.result(outsider.cp().stake(outsider.id(), TokenAmount.ofTokens(1)));
      rows.put("stake, too low to enter a full set", lastGas(f));
      Await.result(members.get(1).cp().stake(members.get(1).id(), TokenAmount.ofTokens(20_000)));
      rows.put("stake, the lowest member rising to the top (worst-case update)", lastGas(f));
      Await.result(f.admin.endVoting());
      rows.put("votingEnd, genesis (select the first committee from the full set)", lastGas(f));
      Await.result(f.admin.initiateEpochChange());
      rows.put("initiateEpochChange, genesis -> epoch 1", lastGas(f));
      // storage sold in epoch 1: its end pays rewards to all members (their first, the dearest)
      EvmControlPlane client = f.newAccount(TokenAmount.ofTokens(1_000_000));
      Await.result(client.reserveAndRegisterBlob(ChainFixture.randomBlob(new Random(size), nShards, 1_000_000, false), 3));
      f.endVoting();
      rows.put("votingEnd (next committee from the full set, shards kept)", lastGas(f));
      f.initiateEpochChange();
      rows.put("initiateEpochChange (first rewards to " + committee + " members, prices)", lastGas(f));
    }
    return rows;
  }

  private static void measure(int nShards, int m, Map<String, Map<Integer, Long>> table) {
    try (ChainFixture f = new ChainFixture(nShards)) {
      long[] stakes = new long[m];
      java.util.Arrays.fill(stakes, 1_000);
      f.addNodes(stakes);
      record(table, "register node (first, with proof of possession)", m, gasOfBlock(f, firstRegistrationBlock(f)));
      ChainFixture.TestNode extraNode = f.registerNode(TokenAmount.ofTokens(2_000));
      dev.floe.controlplane.StakeInfo extraStake =
          Await.result(extraNode.cp().stake(extraNode.id(), TokenAmount.ofTokens(1)));
      record(table, "stake with a node", m, lastGas(f));
      Await.result(f.admin.endVoting());
      record(table, "votingEnd (genesis: select the first committee)", m, lastGas(f));
      Await.result(f.admin.initiateEpochChange());
      record(table, "initiateEpochChange (genesis -> epoch 1)", m, lastGas(f));
      EvmControlPlane client = f.newAccount(TokenAmount.ofTokens(1_000_000));
      Random random = new Random(m);
      Await.result(client.reserveAndRegisterBlob(ChainFixture.randomBlob(random, nShards, 10, false), 1)); // approval
      BlobRegistration r = ChainFixture.randomBlob(random, nShards, 1_000_000, false);
      BlobObject blob = Await.result(client.reserveAndRegisterBlob(r, 5));
      record(table, "reserve + register blob (one transaction)", m, lastGas(f));
      StorageResource s = Await.result(client.reserveSpace(blob.storageSize(), 5));
      record(table, "reserve storage", m, lastGas(f));
      Await.result(client.registerBlob(s.id(), ChainFixture.randomBlob(random, nShards, 1_000_000, true)));
      record(table, "register blob on reserved storage", m, lastGas(f));
      CommitteeInfo c = Await.result(client.currentCommittee());
      byte[] confirmation = new StorageConfirmation(1, blob.blobId(), BlobPersistence.PERMANENT).toBytes();
      List<ChainFixture.TestNode> quorum = f.signersWithWeight(c, (2 * nShards + 3) / 3);
      Await.result(client.certifyBlob(blob.objectId(), ChainFixture.certificate(confirmation, c, quorum)));
      record(table, "certify blob (quorum of shards)", m, lastGas(f));
      record(table, "  signers in the certificate", m, (long) quorum.size());
      Await.result(client.extendBlob(blob.objectId(), 2));
      record(table, "extend blob by 2 epochs", m, lastGas(f));
      byte[] invalid = new InvalidBlobIdMessage(1, ChainFixture.randomBlob(random, nShards, 5, false).blobId()).toBytes();
      List<ChainFixture.TestNode> validity = f.signersWithWeight(c, (nShards + 3) / 3);
      Await.result(client.invalidateBlobId(ChainFixture.certificate(invalid, c, validity)));
      record(table, "invalidate blob ID (f+1 weight)", m, lastGas(f));
      record(table, "  signers in that certificate", m, (long) validity.size());
      BlobObject deletable = Await.result(client.reserveAndRegisterBlob(ChainFixture.randomBlob(random, nShards, 100, true), 2));
      Await.result(client.deleteBlob(deletable.objectId()));
      record(table, "delete deletable blob", m, lastGas(f));
      f.endVoting();
      record(table, "votingEnd (select next committee, shards kept)", m, lastGas(f));
      f.initiateEpochChange();
      record(table, "initiateEpochChange (rewards, stake, prices)", m, lastGas(f));
      long maxSync = 0;
      CommitteeInfo next = Await.result(client.committee(2));
      for (CommitteeMemberInfo member : next.members()) {
        Await.result(f.node(member.nodeId()).cp().epochSyncDone(2));
        maxSync = Math.max(maxSync, lastGas(f));
      }
      record(table, "epochSyncDone (largest, incl. completing the change)", m, maxSync);
      // a storage-challenge failure of the last member in epoch 2, then the epoch change that pays
      // epoch 2's rewards to the others
      dev.floe.controlplane.Address failing = next.members().get(next.members().size() - 1).nodeId();
      List<ChainFixture.TestNode> attesters = StorageChallengeTest.signersOtherThan(f, next, failing, (nShards + 3) / 3);
      byte[] failure = new ChallengeFailureMessage(2, failing.toBytes()).toBytes();
      Await.result(client.reportChallengeFailure(ChainFixture.certificate(failure, next, attesters)));
      record(table, "report storage-challenge failure (f+1 weight)", m, lastGas(f));
      record(table, "  signers in the failure certificate", m, (long) attesters.size());
      f.endVoting();
      f.initiateEpochChange();
      record(table, "initiateEpochChange (rewards, one member forfeiting them)", m, lastGas(f));
      // a position leaves: requested while epoch 3 syncs, it stops counting (and is paid) from epoch 4
      Await.result(extraNode.cp().requestWithdrawal(extraStake.stakeId()));
      record(table, "request stake withdrawal", m, lastGas(f));
      for (CommitteeMemberInfo member : Await.result(client.committee(3)).members()) {
        Await.result(f.node(member.nodeId()).cp().epochSyncDone(3));
      }
      f.advanceEpoch();
      Await.result(extraNode.cp().withdrawStake(extraStake.stakeId()));
      record(table, "withdraw stake (principal + rewards paid)", m, lastGas(f));
    }
  }

  private static long firstRegistrationBlock(ChainFixture f) {
    // the fixture funds, connects and registers each node in turn: find the first NodeRegistered event
    return Await.result(f.admin.fetchEvents(f.deployment.startCursor(), 0, 1_000_000)).events().stream()
        .filter(e -> e instanceof dev.floe.controlplane.events.NodeRegistered)
        .findFirst().orElseThrow().id().blockNumber();
  }

  private static long lastGas(ChainFixture f) {
    return gasOfBlock(f, f.anvil.blockNumber());
  }

  private static long gasOfBlock(ChainFixture f, long block) {
    String json = f.anvil.rpc("eth_getBlockByNumber", "\"0x" + Long.toHexString(block) + "\"", "false");
    Matcher g = GAS_USED.matcher(json);
    if (!g.find()) {
      throw new IllegalStateException("no gasUsed in block " + block);
    }
    return Long.decode(g.group(1));
  }

  private static void record(Map<String, Map<Integer, Long>> table, String op, int m, long gas) {
    table.computeIfAbsent(op, k -> new LinkedHashMap<>()).put(m, gas);
  }
}
