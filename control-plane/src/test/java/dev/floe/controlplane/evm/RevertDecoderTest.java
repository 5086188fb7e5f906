package dev.floe.controlplane.evm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.controlplane.BlobIdInvalidatedException;
import dev.floe.controlplane.ChallengeAlreadyReportedException;
import dev.floe.controlplane.EpochStateException;
import dev.floe.controlplane.InsufficientCapacityException;
import dev.floe.controlplane.InsufficientFundsException;
import dev.floe.controlplane.InvalidCertificateException;
import dev.floe.controlplane.InvalidRequestException;
import dev.floe.controlplane.NotFoundException;
import dev.floe.controlplane.RevertedException;
import dev.floe.controlplane.StateConflictException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;

/**
 * Every custom error the Floe contracts can revert with (read from the ABIs shipped in the
 * contracts jar) decodes to a typed exception, so callers never have to parse a generic one.
 */
class RevertDecoderTest {
  /** Errors that only a broken chain can raise (no EIP-152 precompile): nothing a caller can act on. */
  private static final List<String> UNTYPED_BY_DESIGN = List.of("Blake2fUnavailable");

  private static Map<String, Integer> errorsOf(String contract) throws IOException {
    Map<String, Integer> errors = new TreeMap<>();
    try (InputStream in = RevertDecoderTest.class.getResourceAsStream("/dev/floe/contracts/abi/" + contract + ".abi")) {
      assertThat(in).as(contract + " ABI").isNotNull();
      for (JsonNode entry : new ObjectMapper().readTree(in)) {
        if (entry.path("type").asText().equals("error")) {
          List<String> types = new ArrayList<>();
          entry.path("inputs").forEach(i -> types.add(i.path("type").asText()));
          errors.put(entry.path("name").asText() + "(" + String.join(",", types) + ")", types.size());
        }
      }
    }
    return errors;
  }

  private static String revertData(String signature, int staticArgs) {
    return Hash.sha3String(signature).substring(0, 10) + "00".repeat(32 * staticArgs);
  }

  @Test
  void shouldMapEveryContractErrorToATypedException() throws IOException {
    RevertDecoder decoder = RevertDecoder.load();
    List<String> generic = new ArrayList<>();
    int checked = 0;
    for (String contract : List.of("FloeToken", "FloeStaking", "FloeSystem")) {
      for (Map.Entry<String, Integer> e : errorsOf(contract).entrySet()) {
        String name = e.getKey().substring(0, e.getKey().indexOf('('));
        RevertedException ex = decoder.decode(revertData(e.getKey(), e.getValue()), "fallback");
        assertThat(ex.errorName()).isEqualTo(name);
        checked++;
        if (ex.getClass() == RevertedException.class && !UNTYPED_BY_DESIGN.contains(name)) {
          generic.add(contract + "." + e.getKey());
        }
      }
    }
    assertThat(checked).isGreaterThan(60);
    assertThat(generic).as("errors that fall through to the generic RevertedException").isEmpty();
  }

  @Test
  void shouldGroupErrorsByWhatTheCallerCanDo() {
    RevertDecoder d = RevertDecoder.load();
    assertThat(d.decode(revertData("InsufficientBalance(address,uint256,uint256)", 3), "x"))
        .isInstanceOf(InsufficientFundsException.class);
    assertThat(d.decode(revertData("BlobIdMismatch(bytes32,bytes32)", 2), "x")).isInstanceOf(InvalidRequestException.class);
    assertThat(d.decode(revertData("BlobIdInvalidated(bytes32)", 1), "x")).isInstanceOf(BlobIdInvalidatedException.class);
    assertThat(d.decode(revertData("InsufficientCapacity(uint64,uint64)", 2), "x"))
        .isInstanceOf(InsufficientCapacityException.class);
    assertThat(d.decode(revertData("StakeNotFound(bytes32)", 1), "x")).isInstanceOf(NotFoundException.class);
    assertThat(d.decode(revertData("StorageInUse(bytes32)", 1), "x")).isInstanceOf(StateConflictException.class);
    assertThat(d.decode(revertData("TooEarly(uint256,uint256)", 2), "x")).isInstanceOf(EpochStateException.class);
    assertThat(d.decode(revertData("PersistenceMismatch(bytes32)", 1), "x")).isInstanceOf(InvalidCertificateException.class);
    assertThat(d.decode(revertData("ChallengeAlreadyReported(uint32,address)", 2), "x"))
        .isInstanceOf(ChallengeAlreadyReportedException.class);
    assertThat(d.decode(revertData("EpochNotStarted(uint32,uint32)", 2), "x")).isInstanceOf(EpochStateException.class);
    assertThat(d.decode(revertData("InvalidNodeIdPadding(bytes12)", 1), "x"))
        .isInstanceOf(InvalidCertificateException.class);
  }
}
