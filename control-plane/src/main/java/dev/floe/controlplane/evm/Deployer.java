package dev.floe.controlplane.evm;

import dev.floe.contracts.generated.FloeStaking;
import dev.floe.controlplane.Address;
import dev.floe.controlplane.ContractAddresses;
import dev.floe.controlplane.ControlPlaneException;
import dev.floe.controlplane.Deployment;
import dev.floe.controlplane.DeploymentParameters;
import dev.floe.controlplane.TokenAmount;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint16;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint96;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.gas.StaticGasProvider;

/**
 * Deploys the Floe contracts (token, staking, system), links them and returns the {@link
 * Deployment} that every other component reads. The deploying account owns the token (it may mint)
 * and the staking contract (it may end the genesis epoch early).
 */
public final class Deployer {
  private static final Logger LOG = LoggerFactory.getLogger(Deployer.class);

  /** Initial token supply minted to the deployer: 5 billion tokens, like WAL. */
  public static final TokenAmount INITIAL_SUPPLY = TokenAmount.ofTokens(5_000_000_000L);

  private Deployer() {}

  /**
   * The creation bytecode of {@code contract}, read at run time from the contracts jar rather than
   * from the wrapper's {@code BINARY} constant, which javac would inline here at compile time (a
   * deployer compiled before a contract change would go on deploying the old code).
   */
  static String bytecode(String contract) {
    String resource = "/dev/floe/contracts/bin/" + contract + ".bin";
    try (InputStream in = Deployer.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("bytecode resource " + resource + " is missing from the contracts jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read bytecode " + resource, e);
    }
  }

  /**
   * Deploys and writes the deployment file to {@code out} (atomically).
   *
   * @see #deploy(EvmConfig, EvmAccount, DeploymentParameters)
   */
  public static Deployment deploy(EvmConfig config, EvmAccount account, DeploymentParameters parameters, Path out) {
    Deployment deployment = deploy(config, account, parameters);
    deployment.save(out);
    return deployment;
  }

  /**
   * Deploys with {@code account} through {@code config}'s endpoint. Blocks until every transaction
   * is mined.
   *
   * @throws ControlPlaneException (or a subclass) when a deployment transaction fails
   */
  public static Deployment deploy(EvmConfig config, EvmAccount account, DeploymentParameters parameters) {
    try (EvmChain chain = EvmChain.connect(config, account)) {
      TransactionReceipt tokenReceipt = chain.sender.deploy(
          bytecode("FloeToken") + FunctionEncoder.encodeConstructor(List.<Type>of(
              new Uint256(INITIAL_SUPPLY.units()), new Bool(parameters.faucetEnabled()))),
          "deploy FloeToken").join();
      String token = tokenReceipt.getContractAddress();
      // the committee-selection arithmetic staking calls (its own contract for the code size limit)
      String math = chain.sender.deploy(bytecode("FloeCommitteeMath"), "deploy FloeCommitteeMath").join()
          .getContractAddress();
      TransactionReceipt stakingReceipt = chain.sender.deploy(
          bytecode("FloeStaking") + FunctionEncoder.encodeConstructor(List.<Type>of(
              new org.web3j.abi.datatypes.Address(math),
              new org.web3j.abi.datatypes.Address(token),
              new Uint16(parameters.nShards()),
              new Uint64(parameters.epochDuration().toSeconds()),
              new Uint96(parameters.minStake().units()),
              new Uint16(parameters.maxCommitteeSize()),
              new Uint16(parameters.maxActiveNodes()),
              new Uint16(parameters.slashingBps()))),
          "deploy FloeStaking").join();
      String staking = stakingReceipt.getContractAddress();
      TransactionReceipt systemReceipt = chain.sender.deploy(
          bytecode("FloeSystem") + FunctionEncoder.encodeConstructor(List.<Type>of(
              new org.web3j.abi.datatypes.Address(token),
              new org.web3j.abi.datatypes.Address(staking),
              new Uint16(parameters.nShards()),
              new Uint32(parameters.maxEpochsAhead()))),
          "deploy FloeSystem").join();
      String system = systemReceipt.getContractAddress();
      FloeStaking stakingContract = FloeStaking.load(staking, chain.web3j, chain.calls,
          new StaticGasProvider(BigInteger.ZERO, BigInteger.ZERO));
      chain.send(staking, stakingContract.setSystem(system), "setSystem").join();
      Deployment deployment = new Deployment(
          chain.chainId,
          Optional.of(config.rpcUrl()),
          account.address(),
          tokenReceipt.getBlockNumber().longValueExact(),
          new ContractAddresses(Address.parse(token), Address.parse(staking), Address.parse(system)),
          parameters);
      LOG.info("deployer: deployed on chain {}: token {}, staking {}, system {} (slashing {} bps)", chain.chainId, token,
          staking, system, parameters.slashingBps());
      return deployment;
    } catch (CompletionException e) {
      throw EvmChain.unwrap(e);
    }
  }
}
