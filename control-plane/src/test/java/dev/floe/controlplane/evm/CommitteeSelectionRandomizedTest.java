package dev.floe.controlplane.evm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.contracts.generated.CommitteeSelectionHarness;
import dev.floe.testkit.AnvilNode;
import dev.floe.testkit.Await;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.tx.gas.StaticGasProvider;

/**
 * The contract's selection library (heap-based D'Hondt from the lower quota, shard assignment)
 * against the naive one-seat-at-a-time {@link CommitteeReference}, on many random stake vectors
 * including ties and whales. Runs by {@code eth_call} against a harness contract on anvil.
 */
class CommitteeSelectionRandomizedTest {
  private static AnvilNode anvil;
  private static EvmChain chain;
  private static CommitteeSelectionHarness harness;

  @BeforeAll
  static void deploy() {
    anvil = AnvilNode.start();
    chain = EvmChain.connect(EvmConfig.local(anvil.rpcUrl()), EvmAccount.devAccount(0));
    String address = Await.result(chain.sender.deploy(Deployer.bytecode("CommitteeSelectionHarness") + FunctionEncoder.encodeConstructor(List.of()),
        "deploy harness")).getContractAddress();
    harness = CommitteeSelectionHarness.load(address, chain.web3j, chain.calls, new StaticGasProvider(BigInteger.ZERO, BigInteger.ZERO));
  }

  @AfterAll
  static void stop() {
    chain.close();
    anvil.close();
  }

  @Test
  void shouldApportionLikeOneSeatAtATimeDHondt() {
    Random random = new Random(20260101);
    for (int round = 0; round < 150; round++) {
      int m = 1 + random.nextInt(40);
      int n = 4 + random.nextInt(300);
      long[] stakes = randomStakes(random, m);
      int[] expected = CommitteeReference.dHondt(stakes, n);
      List<BigInteger> got = dHondtOnChain(stakes, n);
      assertThat(got.stream().mapToInt(BigInteger::intValueExact).toArray())
          .as("round %d: n=%d stakes=%s", round, n, Arrays.toString(stakes))
          .isEqualTo(expected);
      assertThat(Arrays.stream(expected).sum()).isEqualTo(n);
    }
  }

  @Test
  void shouldKeepPreviousShardsAndFillTheRestInOrder() {
    Random random = new Random(99);
    for (int round = 0; round < 60; round++) {
      int n = 4 + random.nextInt(200);
      int prevMembers = 1 + random.nextInt(12);
      int newMembers = 1 + random.nextInt(12);
      int[] seats = CommitteeReference.dHondt(randomStakes(random, newMembers), n);
      int[] prevOwner = new int[n];
      for (int s = 0; s < n; s++) {
        prevOwner[s] = random.nextInt(prevMembers);
      }
      int[] prevToNew = new int[prevMembers];
      for (int i = 0; i < prevMembers; i++) {
        prevToNew[i] = random.nextInt(3) == 0 ? 0xFFFF : random.nextInt(newMembers);
      }
      // a new member appears at most once in the mapping
      boolean[] used = new boolean[newMembers];
      for (int i = 0; i < prevMembers; i++) {
        if (prevToNew[i] != 0xFFFF && used[prevToNew[i]]) {
          prevToNew[i] = 0xFFFF;
        } else if (prevToNew[i] != 0xFFFF) {
          used[prevToNew[i]] = true;
        }
      }
      int[] expected = assignReference(prevOwner, prevToNew, seats, n);
      List<BigInteger> got = Await.result(chain.read("assignShards", harness.assignShards(
          Arrays.stream(prevOwner).mapToObj(BigInteger::valueOf).toList(),
          Arrays.stream(prevToNew).mapToObj(BigInteger::valueOf).toList(),
          Arrays.stream(seats).mapToObj(BigInteger::valueOf).toList(),
          BigInteger.valueOf(n))));
      assertThat(got.stream().mapToInt(BigInteger::intValueExact).toArray()).as("round %d", round).isEqualTo(expected);
    }
  }

  @Test
  void shouldSortLikeJava() {
    // committee selection sorts candidates by packed (registry index, stake) and (stake, index) keys
    Random random = new Random(5);
    for (int round = 0; round < 40; round++) {
      int m = round < 3 ? round : 1 + random.nextInt(320);
      List<BigInteger> values = new ArrayList<>();
      for (int i = 0; i < m; i++) {
        values.add(switch (random.nextInt(3)) {
          case 0 -> BigInteger.valueOf(random.nextInt(8)); // duplicates
          case 1 -> new BigInteger(256, random); // full width
          default -> BigInteger.valueOf(random.nextInt(300)).shiftLeft(128).or(BigInteger.valueOf(random.nextInt(1 << 20)));
        });
      }
      List<BigInteger> expected = values.stream().sorted().toList();
      List<BigInteger> got = Await.result(chain.read("sortAscending", harness.sortAscending(values)));
      assertThat(got).as("round %d, %d values", round, m).isEqualTo(expected);
    }
  }

  private static List<BigInteger> dHondtOnChain(long[] stakes, int n) {
    List<BigInteger> list = new ArrayList<>();
    for (long s : stakes) {
      list.add(BigInteger.valueOf(s));
    }
    return Await.result(chain.read("dHondt", harness.dHondt(list, BigInteger.valueOf(n))));
  }

  private static long[] randomStakes(Random random, int m) {
    long[] stakes = new long[m];
    long common = 1 + random.nextInt(1_000);
    for (int i = 0; i < m; i++) {
      stakes[i] = switch (random.nextInt(4)) {
        case 0 -> common; // ties
        case 1 -> 1_000_000_000_000L + random.nextInt(1_000); // whales
        default -> 1 + (long) random.nextInt(1_000_000);
      };
    }
    return stakes;
  }

  /** Index form of {@link CommitteeReference#assign}. */
  private static int[] assignReference(int[] prevOwner, int[] prevToNew, int[] seats, int n) {
    int[] owner = new int[n];
    int[] held = new int[seats.length];
    Arrays.fill(owner, -1);
    for (int s = 0; s < n; s++) {
      int j = prevToNew[prevOwner[s]];
      if (j != 0xFFFF && held[j] < seats[j]) {
        owner[s] = j;
        held[j]++;
      }
    }
    int next = 0;
    for (int s = 0; s < n; s++) {
      if (owner[s] < 0) {
        while (held[next] >= seats[next]) {
          next++;
        }
        owner[s] = next;
        held[next]++;
      }
    }
    return owner;
  }
}
