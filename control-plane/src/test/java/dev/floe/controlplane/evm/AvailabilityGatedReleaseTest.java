package dev.floe.controlplane.evm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.contracts.generated.AvailabilityGatedRelease;
import dev.floe.controlplane.BlobObject;
import dev.floe.controlplane.CommitteeInfo;
import dev.floe.controlplane.RevertedException;
import dev.floe.controlplane.TokenAmount;
import dev.floe.core.messages.BlobPersistence;
import dev.floe.core.messages.StorageConfirmation;
import dev.floe.testkit.Await;
import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Type;
import org.web3j.tx.gas.StaticGasProvider;

/** The example dApp (contracts/examples) gates publishing on Floe's {@code isAvailable}. */
class AvailabilityGatedReleaseTest {

  @Test
  void shouldPublishOnlyWhileTheBlobIsAvailable() {
    try (ChainFixture f = new ChainFixture(10); EvmChain chain = EvmChain.connect(f.config, EvmAccount.devAccount(7))) {
      f.addNodes(100, 100, 100, 100);
      f.startFirstEpoch();
      String system = f.deployment.contracts().system().toHex();
      String dapp = Await.result(chain.sender.deploy(Deployer.bytecode("AvailabilityGatedRelease")
          + FunctionEncoder.encodeConstructor(List.<Type>of(new org.web3j.abi.datatypes.Address(system))),
          "deploy AvailabilityGatedRelease")).getContractAddress();
      AvailabilityGatedRelease release = AvailabilityGatedRelease.load(dapp, chain.web3j, chain.calls,
          new StaticGasProvider(BigInteger.ZERO, BigInteger.ZERO));

      EvmControlPlane client = f.newAccount(TokenAmount.ofTokens(10_000));
      BlobObject blob = Await.result(client.reserveAndRegisterBlob(ChainFixture.randomBlob(new Random(3), 10, 4_096, false), 3));
      byte[] id = blob.blobId().toBytes();
      int end = blob.endEpoch(); // 4: stored in epochs 1..3

      assertThatThrownBy(() -> Await.result(chain.send(dapp, release.publish(id, BigInteger.valueOf(2)), "publish")))
          .as("registered but not certified")
          .isInstanceOfSatisfying(RevertedException.class, e -> {
            assertThat(e.errorName()).isEqualTo("BlobNotAvailable");
            assertThat(e.arguments()).containsExactly("0x" + blob.blobId().toHex(), "2");
          });

      CommitteeInfo c = Await.result(client.currentCommittee());
      byte[] message = new StorageConfirmation(1, blob.blobId(), BlobPersistence.PERMANENT).toBytes();
      Await.result(client.certifyBlob(blob.objectId(), ChainFixture.certificate(message, c, f.signersWithWeight(c, 7))));

      Await.result(chain.send(dapp, release.publish(id, BigInteger.valueOf(end - 1)), "publish"));
      assertThat(Await.result(chain.read("releaseCount", release.releaseCount()))).isEqualTo(BigInteger.ONE);
      assertThat(Await.result(chain.read("releases", release.releases(BigInteger.ONE))).component3())
          .isEqualTo(BigInteger.valueOf(end - 1));
      assertThatThrownBy(() -> Await.result(chain.send(dapp, release.publish(id, BigInteger.valueOf(end)), "publish")))
          .as("not stored through its end epoch")
          .isInstanceOfSatisfying(RevertedException.class, e -> assertThat(e.errorName()).isEqualTo("BlobNotAvailable"));
      assertThatThrownBy(() -> Await.result(chain.send(dapp, release.retract(BigInteger.ONE), "retract")))
          .isInstanceOfSatisfying(RevertedException.class, e -> assertThat(e.errorName()).isEqualTo("StillAvailable"));

      while (f.state().epoch() < end) {
        f.advanceEpoch();
      }
      Await.result(chain.send(dapp, release.retract(BigInteger.ONE), "retract"));
      assertThat(Await.result(chain.read("releases", release.releases(BigInteger.ONE))).component1())
          .isEqualTo("0x0000000000000000000000000000000000000000");
    }
  }
}
