package dev.floe.controlplane.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.contracts.generated.FloeStaking;
import dev.floe.contracts.generated.FloeStakingExtension;
import dev.floe.controlplane.RevertedException;
import dev.floe.testkit.Await;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.tx.gas.StaticGasProvider;

/**
 * FloeStaking runs its rarely-called functions from FloeStakingExtension through DELEGATECALL: the
 * extension is created with staking's own parameters, works only in staking's storage, and refuses
 * every direct call.
 */
class StakingExtensionTest {
  private static final StaticGasProvider NO_GAS = new StaticGasProvider(BigInteger.ZERO, BigInteger.ZERO);

  @Test
  void shouldRunTheExtensionOnlyThroughStaking() {
    try (ChainFixture f = new ChainFixture(10); EvmChain chain = EvmChain.connect(f.config, EvmAccount.devAccount(7))) {
      ChainFixture.TestNode node = f.addNodes(100).get(0);
      String staking = f.deployment.contracts().staking().toHex();
      FloeStaking s = FloeStaking.load(staking, chain.web3j, chain.calls, NO_GAS);
      String ext = read(chain, s.extension());
      assertThat(ext).isNotEqualToIgnoringCase(staking);
      FloeStakingExtension e = FloeStakingExtension.load(ext, chain.web3j, chain.calls, NO_GAS);

      // the extension's code reads its own immutables: they must be staking's
      assertThat(read(chain, e.token())).isEqualTo(read(chain, s.token()));
      assertThat(read(chain, e.owner())).isEqualTo(read(chain, s.owner()));
      assertThat(read(chain, e.nShards())).isEqualTo(read(chain, s.nShards()));
      assertThat(read(chain, e.epochDuration())).isEqualTo(read(chain, s.epochDuration()));
      assertThat(read(chain, e.minStake())).isEqualTo(read(chain, s.minStake()));
      assertThat(read(chain, e.maxCommitteeSize())).isEqualTo(read(chain, s.maxCommitteeSize()));
      assertThat(read(chain, e.maxActiveNodes())).isEqualTo(read(chain, s.maxActiveNodes()));
      assertThat(read(chain, e.slashingBps())).isEqualTo(read(chain, s.slashingBps()));
      assertThat(read(chain, s.owner())).isEqualToIgnoringCase(EvmAccount.devAccount(0).address().toHex());

      // through staking, the extension's functions see staking's storage
      assertThat(read(chain, s.nodeCount())).isEqualTo(BigInteger.ONE);
      assertThat(read(chain, s.getNode(node.id().toHex())).nodeId).isEqualToIgnoringCase(node.id().toHex());

      // directly, every function refuses, views and state changes alike
      assertNotDelegated(() -> read(chain, e.nodeCount()), staking);
      assertNotDelegated(() -> read(chain, e.getNode(node.id().toHex())), staking);
      assertNotDelegated(() -> read(chain, e.getCommittee(BigInteger.ZERO)), staking);
      assertNotDelegated(() -> Await.result(chain.send(ext, e.collectCommission(), "collectCommission")), staking);
      assertNotDelegated(() -> Await.result(chain.send(ext, e.registerNode("n", "127.0.0.1:1", new byte[64],
          new byte[65], BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO), "registerNode")), staking);
      assertNotDelegated(() -> Await.result(chain.send(ext, e.joinActiveSet(node.id().toHex()), "joinActiveSet")),
          staking);

      // a selector neither contract knows still reverts without data
      assertThatThrownBy(() -> chain.calls.sendCall(staking, "0x12345678", DefaultBlockParameterName.LATEST))
          .isInstanceOfSatisfying(RevertedException.class, x -> assertThat(x.errorName()).isEqualTo("Unknown"));
    }
  }

  private static <T> T read(EvmChain chain, RemoteFunctionCall<T> call) {
    return Await.result(chain.read("read", call));
  }

  private static void assertNotDelegated(Runnable call, String staking) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(RevertedException.class, x -> {
          assertThat(x.errorName()).isEqualTo("NotDelegated");
          assertThat(x.arguments()).hasSize(1);
          assertThat(x.arguments().get(0)).isEqualToIgnoringCase(staking);
        });
  }
}
