package dev.floe.controlplane.evm;

import dev.floe.controlplane.BlobObject;
import dev.floe.controlplane.BlobRegistration;
import dev.floe.controlplane.CommitteeInfo;
import dev.floe.controlplane.CommitteeMemberInfo;
import dev.floe.controlplane.StorageResource;
import dev.floe.controlplane.TokenAmount;
import dev.floe.core.messages.BlobPersistence;
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
 * nodes (equal stake, n = 1000 shards) and prints a Markdown table. Run:
 *
 * <pre>
 *   mvn -q -o -Dfloe.buildDir=target-chain -pl contracts,control-plane test-compile exec:exec@gas-report
 * </pre>
 *
 * Arguments (optional): the number of shards, then committee sizes.
 */
public final class GasReport {
  private static final Pattern GAS_USED = Pattern.compile("\"gasUsed\"\\s*:\\s*\"(0x[0-9a-fA-F]+)\"");

  private GasReport() {}

  public static void main(String[] rawArgs) {
    String[] args = String.join(" ", rawArgs).trim().isEmpty() ? new String[0] : String.join(" ", rawArgs).trim().split("\\s+");
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
  }

  private static void measure(int nShards, int m, Map<String, Map<Integer, Long>> table) {
    try (ChainFixture f = new ChainFixture(nShards)) {
      long[] stakes = new long[m];
      java.util.Arrays.fill(stakes, 1_000);
      f.addNodes(stakes);
      record(table, "register node (first, with proof of possession)", m, gasOfBlock(f, firstRegistrationBlock(f)));
      ChainFixture.TestNode extraNode = f.registerNode(TokenAmount.ofTokens(2_000));
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
