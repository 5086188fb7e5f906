package dev.floe.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentTest {
  private static final Deployment SAMPLE = new Deployment(
      31337, Optional.of("http://127.0.0.1:8545"), Address.parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"), 1,
      new ContractAddresses(
          Address.parse("0x5fbdb2315678afecb367f032d93f642f64180aa3"),
          Address.parse("0xe7f1725e7734ce288f8367e1bb143e90bb3f0512"),
          Address.parse("0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0")),
      new DeploymentParameters(100, Duration.ofMinutes(10), 53, TokenAmount.ofTokens(1), 150, 300, true));

  @Test
  void shouldRoundTripThroughAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("sub/deployment.json");
    SAMPLE.save(file);
    assertThat(Deployment.load(file)).isEqualTo(SAMPLE);
    assertThat(Files.readString(file)).contains("\"nShards\" : 100", "\"epochDurationSeconds\" : 600",
        "\"minStake\" : \"1000000000\"");
    Deployment noUrl = new Deployment(5, Optional.empty(), SAMPLE.deployer(), 7, SAMPLE.contracts(), SAMPLE.parameters());
    assertThat(Deployment.fromJson(noUrl.toJson())).isEqualTo(noUrl);
    assertThat(noUrl.startCursor()).isEqualTo(dev.floe.controlplane.events.EventId.atBlockEnd(6));
    // files written before the active set named the same bound maxNodes
    String older = SAMPLE.toJson().replace("\"maxActiveNodes\"", "\"maxNodes\"");
    assertThat(older).contains("\"maxNodes\"");
    assertThat(Deployment.fromJson(older)).isEqualTo(SAMPLE);
  }

  @Test
  void shouldKeepTheSlashingParameter() {
    assertThat(SAMPLE.parameters().slashingBps()).isEqualTo(DeploymentParameters.DEFAULT_SLASHING_BPS);
    Deployment none = new Deployment(1, Optional.empty(), SAMPLE.deployer(), 1, SAMPLE.contracts(),
        SAMPLE.parameters().withSlashingBps(0));
    assertThat(none.toJson()).contains("\"slashingBps\" : 0");
    assertThat(Deployment.fromJson(none.toJson()).parameters().slashingBps()).isZero();
    assertThat(Deployment.fromJson(SAMPLE.toJson()).parameters().slashingBps()).isEqualTo(1_000);
    // files written before slashing describe contracts that never slash
    String older = SAMPLE.toJson().replace(",\n    \"slashingBps\" : 1000", "");
    assertThat(older).doesNotContain("slashingBps");
    assertThat(Deployment.fromJson(older).parameters().slashingBps()).isZero();
    assertThatThrownBy(() -> Deployment.fromJson(SAMPLE.toJson().replace("\"slashingBps\" : 1000", "\"slashingBps\" : 20000")))
        .isInstanceOf(InvalidDeploymentException.class).hasMessageContaining("slashing must be in [0, 10000]");
    // 2^32 + 1000 must not wrap around to 1000 (nor any other int field)
    assertThatThrownBy(() -> Deployment.fromJson(SAMPLE.toJson().replace("\"slashingBps\" : 1000", "\"slashingBps\" : 4294968296")))
        .isInstanceOf(InvalidDeploymentException.class).hasMessageContaining("slashingBps").hasMessageContaining("4294968296");
    assertThatThrownBy(() -> Deployment.fromJson(SAMPLE.toJson().replace("\"nShards\" : 100", "\"nShards\" : 4294967396")))
        .isInstanceOf(InvalidDeploymentException.class).hasMessageContaining("nShards");
  }

  @Test
  void shouldRefuseSystemsWhoseEpochChangeCannotFitABlock() {
    // measured by GasReport: with 10,000 shards the genesis votingEnd of 4 nodes exceeds anvil's 30M-gas block
    assertThatThrownBy(() -> DeploymentParameters.localnet(10_000, Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[4, 1000]").hasMessageContaining("gas limit");
    assertThatThrownBy(() -> new DeploymentParameters(1000, Duration.ofHours(1), 53, TokenAmount.ofTokens(1), 150, 5_000, true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max active nodes").hasMessageContaining("gas limit");
    assertThatThrownBy(() -> new DeploymentParameters(1000, Duration.ofHours(1), 53, TokenAmount.ofTokens(1), 600, 600, true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max committee size");
    assertThat(new DeploymentParameters(1000, Duration.ofHours(1), 53, TokenAmount.ofTokens(1), 150, 300, true).nShards())
        .isEqualTo(1000);
  }

  @Test
  void shouldExplainWhatIsWrongWithABadFile(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> Deployment.load(dir.resolve("missing.json")))
        .isInstanceOf(InvalidDeploymentException.class).hasMessageContaining("cannot read deployment file");
    assertThatThrownBy(() -> Deployment.fromJson("{not json"))
        .isInstanceOf(InvalidDeploymentException.class).hasMessageContaining("not JSON");
    assertThatThrownBy(() -> Deployment.fromJson(SAMPLE.toJson().replace("\"format\" : 1", "\"format\" : 9")))
        .isInstanceOf(InvalidDeploymentException.class).hasMessageContaining("unsupported deployment file format 9");
    assertThatThrownBy(() -> Deployment.fromJson(SAMPLE.toJson().replace("\"system\"", "\"sistem\"")))
        .isInstanceOf(InvalidDeploymentException.class).hasMessageContaining("lacks field 'system'");
    assertThatThrownBy(() -> Deployment.fromJson(SAMPLE.toJson().replace("\"nShards\" : 100", "\"nShards\" : 2")))
        .isInstanceOf(InvalidDeploymentException.class).hasMessageContaining("number of shards must be in [4, 1000]");
    assertThatThrownBy(() -> Deployment.fromJson(SAMPLE.toJson().replace("0x5fbdb2315678afecb367f032d93f642f64180aa3", "0x12")))
        .isInstanceOf(InvalidDeploymentException.class).hasMessageContaining("an address is 40 hex digits");
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "[]");
    assertThatThrownBy(() -> Deployment.load(bad))
        .isInstanceOf(InvalidDeploymentException.class).hasMessageContaining(bad.toString()).hasMessageContaining("JSON object");
  }
}
