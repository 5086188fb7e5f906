package dev.floe.controlplane.evm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.floe.controlplane.BlobAlreadyCertifiedException;
import dev.floe.controlplane.BlobIdInvalidatedException;
import dev.floe.controlplane.BlobNotRegisteredException;
import dev.floe.controlplane.ChallengeAlreadyReportedException;
import dev.floe.controlplane.EpochStateException;
import dev.floe.controlplane.ExpiredException;
import dev.floe.controlplane.InsufficientCapacityException;
import dev.floe.controlplane.InsufficientFundsException;
import dev.floe.controlplane.InsufficientQuorumException;
import dev.floe.controlplane.InvalidCertificateException;
import dev.floe.controlplane.InvalidRequestException;
import dev.floe.controlplane.NotFoundException;
import dev.floe.controlplane.RevertedException;
import dev.floe.controlplane.StateConflictException;
import dev.floe.controlplane.UnauthorizedException;
import dev.floe.controlplane.WrongEpochException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * Turns revert data into typed exceptions: Solidity custom errors of every Floe contract (read from
 * the ABIs shipped in the contracts jar), {@code Error(string)} and {@code Panic(uint256)}.
 * Immutable after construction; thread-safe.
 */
final class RevertDecoder {
  static final String[] CONTRACTS = {"FloeToken", "FloeStaking", "FloeSystem", "AvailabilityGatedRelease"};
  private static final String ERROR_STRING = "08c379a0";
  private static final String PANIC = "4e487b71";

  private static final Set<String> UNAUTHORIZED = Set.of(
      "NotOwner", "NotStakeOwner", "NotBlobOwner", "NotStorageOwner", "OnlyStaking", "OnlySystem",
      "NotInCommittee", "NodeNotRegistered", "NotDelegated");
  private static final Set<String> CERTIFICATE = Set.of(
      "UnsupportedCertificateScheme", "BitmapTooLong", "SignerOutsideCommittee", "SignatureCountMismatch",
      "HighSignatureS", "InvalidSignature", "InvalidMessage", "MessageBlobIdMismatch", "PersistenceMismatch",
      "InvalidNodeIdPadding");
  private static final Set<String> EXPIRED = Set.of("StorageExpired", "BlobExpired");
  private static final Set<String> FUNDS = Set.of("InsufficientBalance", "InsufficientAllowance", "TransferFailed");
  private static final Set<String> INVALID_REQUEST = Set.of(
      "BlobIdMismatch", "BlobTooLarge", "EncodedSizeTooLarge", "UnsupportedEncodingType", "ZeroSize", "InvalidEpochs",
      "ZeroAmount", "InvalidCommission", "InvalidPublicKey", "InvalidProofOfPossession", "InvalidText",
      "InvalidParameters", "FaucetLimitExceeded", "InvalidReceiver", "StakeBelowMinimum");
  private static final Set<String> NOT_FOUND = Set.of("StorageNotFound", "StakeNotFound");
  private static final Set<String> CONFLICT = Set.of(
      "NodeAlreadyRegistered", "DuplicateProtocolKey", "ActiveSetFull", "StorageInUse", "BlobNotCertified",
      "BlobNotDeletable", "WithdrawalAlreadyRequested", "WithdrawalNotRequested", "AlreadyWithdrawn",
      "FaucetDisabled", "SystemAlreadySet", "SystemNotSet");
  private static final Set<String> EPOCH_STATE = Set.of(
      "TooEarly", "WrongEpochState", "WithdrawalNotYetEffective", "NoCommittee", "NoCandidates", "EpochNotStarted");

  private record ErrorDef(String name, List<String> types, List<TypeReference<Type>> refs) {}

  private final Map<String, ErrorDef> bySelector;

  private RevertDecoder(Map<String, ErrorDef> bySelector) {
    this.bySelector = Map.copyOf(bySelector);
  }

  /** Loads the error definitions of every Floe contract from the classpath. */
  static RevertDecoder load() {
    ObjectMapper json = new ObjectMapper();
    Map<String, ErrorDef> defs = new HashMap<>();
    for (String contract : CONTRACTS) {
      String resource = "/dev/floe/contracts/abi/" + contract + ".abi";
      try (InputStream in = RevertDecoder.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("ABI resource " + resource + " is missing from the contracts jar");
        }
        for (JsonNode entry : json.readTree(in)) {
          if (!"error".equals(entry.path("type").asText())) {
            continue;
          }
          List<String> types = new ArrayList<>();
          for (JsonNode input : entry.path("inputs")) {
            types.add(input.path("type").asText());
          }
          String signature = entry.path("name").asText() + "(" + String.join(",", types) + ")";
          String selector = Hash.sha3String(signature).substring(2, 10);
          defs.put(selector, new ErrorDef(entry.path("name").asText(), types, refs(types)));
        }
      } catch (IOException e) {
        throw new IllegalStateException("cannot read ABI " + resource, e);
      }
    }
    return new RevertDecoder(defs);
  }

  /**
   * The exception for revert data {@code data} (0x-hex, possibly empty or null).
   *
   * @param fallback what to say when the data is empty or unknown
   */
  RevertedException decode(String data, String fallback) {
    String hex = data == null ? "" : Numeric.cleanHexPrefix(data).toLowerCase(Locale.ROOT);
    if (hex.length() < 8) {
      return new RevertedException(fallback, "Unknown", List.of());
    }
    String selector = hex.substring(0, 8);
    String body = "0x" + hex.substring(8);
    if (selector.equals(ERROR_STRING)) {
      String reason = decodeArgs(body, List.of("string")).stream().findFirst().orElse(fallback);
      return new RevertedException(reason, "Error", List.of(reason));
    }
    if (selector.equals(PANIC)) {
      List<String> args = decodeArgs(body, List.of("uint256"));
      String code = args.isEmpty() ? "?" : "0x" + new BigInteger(args.get(0)).toString(16);
      return new RevertedException("Panic(" + code + ")", "Panic", args);
    }
    ErrorDef def = bySelector.get(selector);
    if (def == null) {
      return new RevertedException(fallback + " (unknown error 0x" + selector + ")", "Unknown", List.of());
    }
    List<String> args = decodeArgs(body, def.types());
    String reason = def.name() + "(" + String.join(", ", args) + ")";
    return typed(reason, def.name(), args);
  }

  private static RevertedException typed(String reason, String name, List<String> args) {
    if (name.equals("BlobNotRegistered")) {
      return new BlobNotRegisteredException(reason, name, args);
    }
    if (name.equals("InsufficientWeight")) {
      return new InsufficientQuorumException(reason, name, args);
    }
    if (name.equals("WrongEpoch")) {
      return new WrongEpochException(reason, name, args);
    }
    if (name.equals("BlobAlreadyCertified")) {
      return new BlobAlreadyCertifiedException(reason, name, args);
    }
    if (name.equals("ChallengeAlreadyReported")) {
      return new ChallengeAlreadyReportedException(reason, name, args);
    }
    if (UNAUTHORIZED.contains(name)) {
      return new UnauthorizedException(reason, name, args);
    }
    if (CERTIFICATE.contains(name)) {
      return new InvalidCertificateException(reason, name, args);
    }
    if (EXPIRED.contains(name)) {
      return new ExpiredException(reason, name, args);
    }
    if (name.equals("BlobIdInvalidated")) {
      return new BlobIdInvalidatedException(reason, name, args);
    }
    if (name.equals("InsufficientCapacity")) {
      return new InsufficientCapacityException(reason, name, args);
    }
    if (FUNDS.contains(name)) {
      return new InsufficientFundsException(reason, name, args);
    }
    if (INVALID_REQUEST.contains(name)) {
      return new InvalidRequestException(reason, name, args);
    }
    if (NOT_FOUND.contains(name)) {
      return new NotFoundException(reason, name, args);
    }
    if (CONFLICT.contains(name)) {
      return new StateConflictException(reason, name, args);
    }
    if (EPOCH_STATE.contains(name)) {
      return new EpochStateException(reason, name, args);
    }
    return new RevertedException(reason, name, args);
  }

  private static List<String> decodeArgs(String body, List<String> types) {
    if (types.isEmpty()) {
      return List.of();
    }
    try {
      List<Type> values = FunctionReturnDecoder.decode(body, refs(types));
      List<String> out = new ArrayList<>(values.size());
      for (Type v : values) {
        out.add(render(v));
      }
      return out;
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  private static String render(Type value) {
    Object v = value.getValue();
    if (v instanceof byte[] bytes) {
      return "0x" + HexFormat.of().formatHex(bytes);
    }
    return String.valueOf(v);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static List<TypeReference<Type>> refs(List<String> types) {
    List<TypeReference<Type>> refs = new ArrayList<>();
    for (String t : types) {
      try {
        refs.add((TypeReference) TypeReference.makeTypeReference(t));
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("unsupported ABI type " + t, e);
      }
    }
    return refs;
  }
}
