package dev.floe.controlplane;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.floe.controlplane.events.EventId;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything a component needs to find a Floe deployment: the chain, the contract addresses and
 * the system parameters. Written by the deployer ({@code floe deploy}) as a JSON file that every
 * other component reads:
 *
 * <pre>{@code
 * {"format":1,"chainId":31337,"rpcUrl":"http://127.0.0.1:8545","deployer":"0x..","deployBlock":1,
 *  "contracts":{"token":"0x..","staking":"0x..","system":"0x.."},
 *  "parameters":{"nShards":100,"epochDurationSeconds":3600,"maxEpochsAhead":53,
 *                "minStake":"1","maxCommitteeSize":150,"maxActiveNodes":300,"faucetEnabled":true,
 *                "slashingBps":1000}}
 * }</pre>
 *
 * Amounts are decimal strings of base units. Immutable.
 *
 * @param chainId the EVM chain ID the contracts live on
 * @param rpcUrl the RPC URL the deployer used, a hint for local setups (may be absent)
 * @param deployer the account that deployed (owner of the token and the staking contract)
 * @param deployBlock the block of the first deployment transaction; event scans start here
 * @param contracts the contract addresses
 * @param parameters the system parameters
 */
public record Deployment(
    long chainId,
    Optional<String> rpcUrl,
    Address deployer,
    long deployBlock,
    ContractAddresses contracts,
    DeploymentParameters parameters) {

  /** Version of the file format. */
  public static final int FORMAT = 1;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public Deployment {
    if (chainId <= 0) {
      throw new IllegalArgumentException("chain ID must be positive, got " + chainId);
    }
    if (rpcUrl == null || deployer == null || contracts == null || parameters == null) {
      throw new IllegalArgumentException("deployment is incomplete");
    }
    if (deployBlock < 1) {
      throw new IllegalArgumentException("deploy block must be at least 1, got " + deployBlock);
    }
  }

  /** The cursor from which to read every event of this deployment. */
  public EventId startCursor() {
    return EventId.atBlockEnd(deployBlock - 1);
  }

  /** Reads a deployment file. */
  public static Deployment load(Path file) {
    try {
      return fromJson(Files.readString(file));
    } catch (IOException e) {
      throw new InvalidDeploymentException("cannot read deployment file " + file + ": " + e.getMessage(), e);
    } catch (InvalidDeploymentException e) {
      throw new InvalidDeploymentException(file + ": " + e.getMessage(), e);
    }
  }

  /** Writes this deployment to {@code file} atomically (temporary file, then rename). */
  public void save(Path file) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
      Files.writeString(tmp, toJson());
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new InvalidDeploymentException("cannot write deployment file " + file + ": " + e.getMessage(), e);
    }
  }

  /** The JSON form (see the class documentation). */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("chainId", chainId);
    rpcUrl.ifPresent(u -> root.put("rpcUrl", u));
    root.put("deployer", deployer.toHex());
    root.put("deployBlock", deployBlock);
    ObjectNode c = root.putObject("contracts");
    c.put("token", contracts.token().toHex());
    c.put("staking", contracts.staking().toHex());
    c.put("system", contracts.system().toHex());
    ObjectNode p = root.putObject("parameters");
    p.put("nShards", parameters.nShards());
    p.put("epochDurationSeconds", parameters.epochDuration().toSeconds());
    p.put("maxEpochsAhead", parameters.maxEpochsAhead());
    p.put("minStake", parameters.minStake().units().toString());
    p.put("maxCommitteeSize", parameters.maxCommitteeSize());
    p.put("maxActiveNodes", parameters.maxActiveNodes());
    p.put("faucetEnabled", parameters.faucetEnabled());
    p.put("slashingBps", parameters.slashingBps());
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render deployment JSON", e);
    }
  }

  /** Parses the JSON form; every field but {@code rpcUrl} and {@code slashingBps} (0 when absent) is required. */
  public static Deployment fromJson(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidDeploymentException("deployment file is not JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new InvalidDeploymentException("deployment file must hold a JSON object");
    }
    int format = requireInt(root, "format");
    if (format != FORMAT) {
      throw new InvalidDeploymentException("unsupported deployment file format " + format + " (expected " + FORMAT + ")");
    }
    try {
      JsonNode c = require(root, "contracts");
      JsonNode p = require(root, "parameters");
      DeploymentParameters params = new DeploymentParameters(
          requireInt(p, "nShards"),
          Duration.ofSeconds(requireLong(p, "epochDurationSeconds")),
          requireInt(p, "maxEpochsAhead"),
          new TokenAmount(new BigInteger(requireText(p, "minStake"))),
          requireInt(p, "maxCommitteeSize"),
          requireInt(p, p.has("maxActiveNodes") ? "maxActiveNodes" : "maxNodes"),
          require(p, "faucetEnabled").asBoolean(),
          // files written before slashing existed describe contracts that do not slash
          p.has("slashingBps") ? requireInt(p, "slashingBps") : 0);
      JsonNode url = root.get("rpcUrl");
      return new Deployment(
          requireLong(root, "chainId"),
          url == null || url.isNull() ? Optional.empty() : Optional.of(url.asText()),
          Address.parse(requireText(root, "deployer")),
          requireLong(root, "deployBlock"),
          new ContractAddresses(
              Address.parse(requireText(c, "token")),
              Address.parse(requireText(c, "staking")),
              Address.parse(requireText(c, "system"))),
          params);
    } catch (IllegalArgumentException e) {
      throw new InvalidDeploymentException("invalid deployment file: " + e.getMessage(), e);
    }
  }

  private static JsonNode require(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw new InvalidDeploymentException("deployment file lacks field '" + field + "'");
    }
    return v;
  }

  private static long requireLong(JsonNode node, String field) {
    JsonNode v = require(node, field);
    if (!v.canConvertToLong() || !v.isIntegralNumber()) {
      throw new InvalidDeploymentException("field '" + field + "' must be an integer, got " + v);
    }
    return v.asLong();
  }

  private static int requireInt(JsonNode node, String field) {
    long v = requireLong(node, field);
    if (v != (int) v) {
      throw new InvalidDeploymentException("field '" + field + "' is out of range, got " + v);
    }
    return (int) v;
  }

  private static String requireText(JsonNode node, String field) {
    JsonNode v = require(node, field);
    if (!v.isTextual()) {
      throw new InvalidDeploymentException("field '" + field + "' must be a string, got " + v);
    }
    return v.asText();
  }
}
