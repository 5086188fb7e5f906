package dev.floe.controlplane.evm;

import dev.floe.contracts.generated.FloeStaking;
import dev.floe.contracts.generated.FloeSystem;
import dev.floe.contracts.generated.FloeToken;
import dev.floe.controlplane.ActiveSetMember;
import dev.floe.controlplane.Address;
import dev.floe.controlplane.BlobObject;
import dev.floe.controlplane.BlobRegistration;
import dev.floe.controlplane.BlobStatus;
import dev.floe.controlplane.CommitteeInfo;
import dev.floe.controlplane.ControlPlane;
import dev.floe.controlplane.ControlPlaneException;
import dev.floe.controlplane.Deployment;
import dev.floe.controlplane.EpochPhase;
import dev.floe.controlplane.EpochState;
import dev.floe.controlplane.InsufficientFundsException;
import dev.floe.controlplane.InvalidDeploymentException;
import dev.floe.controlplane.NativeAmount;
import dev.floe.controlplane.NativeCurrency;
import dev.floe.controlplane.NodeInfo;
import dev.floe.controlplane.NodeRegistration;
import dev.floe.controlplane.NodeVotes;
import dev.floe.controlplane.ObjectId;
import dev.floe.controlplane.Prices;
import dev.floe.controlplane.StakeInfo;
import dev.floe.controlplane.StorageResource;
import dev.floe.controlplane.TokenAmount;
import dev.floe.controlplane.TransactionId;
import dev.floe.controlplane.events.ChainEvent;
import dev.floe.controlplane.events.ChainEventHandler;
import dev.floe.controlplane.events.EventId;
import dev.floe.controlplane.events.EventPage;
import dev.floe.controlplane.events.EventStream;
import dev.floe.controlplane.events.EventStreamOptions;
import dev.floe.core.blob.BlobId;
import dev.floe.core.crypto.ProtocolKeyPair;
import dev.floe.core.messages.Certificate;
import dev.floe.core.messages.ProofOfPossessionMessage;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.gas.StaticGasProvider;

/**
 * The {@link ControlPlane} on an EVM chain, over web3j and the Floe contracts. Create with {@link
 * #connect}; close when done. Thread-safe. Token payments to the staking and system contracts are
 * approved once with an unlimited allowance.
 */
public final class EvmControlPlane implements ControlPlane {
  private static final Logger LOG = LoggerFactory.getLogger(EvmControlPlane.class);
  private static final BigInteger MAX_ALLOWANCE = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
  private static final AtomicInteger STREAMS = new AtomicInteger();
  /** Gas money on EVM chains: ether, in wei. */
  private static final NativeCurrency ETHER = new NativeCurrency("ETH", 18);
  /** Registered nodes read per call by {@link #nodes()}. */
  private static final int NODE_PAGE = 200;

  private final EvmChain chain;
  private final Deployment deployment;
  private final FloeToken token;
  private final FloeStaking staking;
  private final FloeSystem system;
  private final String tokenAddress;
  private final String stakingAddress;
  private final String systemAddress;
  private final EventFetcher events;
  private final SystemCalls blobs;
  private final StakeQueries stakes;
  private final Set<String> approved = ConcurrentHashMap.newKeySet();
  private final List<EventStream> streams = new CopyOnWriteArrayList<>();

  private EvmControlPlane(EvmChain chain, Deployment deployment) {
    this.chain = chain;
    this.deployment = deployment;
    StaticGasProvider unused = new StaticGasProvider(BigInteger.ZERO, BigInteger.ZERO);
    this.tokenAddress = deployment.contracts().token().toHex();
    this.stakingAddress = deployment.contracts().staking().toHex();
    this.systemAddress = deployment.contracts().system().toHex();
    this.token = FloeToken.load(tokenAddress, chain.web3j, chain.calls, unused);
    this.staking = FloeStaking.load(stakingAddress, chain.web3j, chain.calls, unused);
    this.system = FloeSystem.load(systemAddress, chain.web3j, chain.calls, unused);
    this.events = new EventFetcher(chain.web3j, new EventDecoder(deployment.contracts()));
    this.blobs = new SystemCalls(chain, system, systemAddress, () -> approve(systemAddress));
    this.stakes = new StakeQueries(chain, events, deployment.startCursor().blockNumber(), this::stakeInfo);
  }

  /**
   * Connects {@code account} to the deployment through {@code config}'s RPC endpoint, checking that
   * the chain ID matches and that the contracts exist.
   */
  public static EvmControlPlane connect(EvmConfig config, Deployment deployment, EvmAccount account) {
    EvmChain chain = EvmChain.connect(config, account);
    try {
      if (chain.chainId != deployment.chainId()) {
        throw new InvalidDeploymentException("the deployment is for chain " + deployment.chainId() + " but "
            + config.loggableRpcUrl() + " serves chain " + chain.chainId);
      }
      for (Address a : List.of(deployment.contracts().token(), deployment.contracts().staking(), deployment.contracts().system())) {
        String code = chain.web3j.ethGetCode(a.toHex(), DefaultBlockParameterName.LATEST).send().getCode();
        if (code == null || code.equals("0x") || code.isEmpty()) {
          throw new InvalidDeploymentException("no contract at " + a + " on chain " + chain.chainId
              + " (is the deployment file from an older chain?)");
        }
      }
    } catch (IOException | RuntimeException e) {
      chain.close();
      if (e instanceof ControlPlaneException c) {
        throw c;
      }
      throw new InvalidDeploymentException("cannot check the deployment: " + e.getMessage(), e);
    }
    LOG.info("{}: connected to chain {} at {} (staking {}, system {})", chain.name, chain.chainId, config.loggableRpcUrl(),
        deployment.contracts().staking(), deployment.contracts().system());
    return new EvmControlPlane(chain, deployment);
  }

  @Override
  public Deployment deployment() {
    return deployment;
  }

  @Override
  public Address account() {
    return chain.account.address();
  }

  // ---------------------------------------------------------------- token

  @Override
  public CompletableFuture<TokenAmount> balanceOf(Address account) {
    return chain.read("balanceOf", token.balanceOf(account.toHex())).thenApply(TokenAmount::new);
  }

  @Override
  public CompletableFuture<Void> transfer(Address to, TokenAmount amount) {
    return done(chain.send(tokenAddress, token.transfer(to.toHex(), amount.units()), "transfer"));
  }

  @Override
  public CompletableFuture<Void> mintFromFaucet(TokenAmount amount) {
    return done(chain.send(tokenAddress, token.faucet(amount.units()), "faucet"));
  }

  /** The ETH balance of {@code account} in wei (for gas). */
  public CompletableFuture<BigInteger> etherBalance(Address account) {
    return chain.etherBalance(account.toHex());
  }

  // ---------------------------------------------------------------- nodes and stake

  @Override
  public CompletableFuture<NodeInfo> registerNode(NodeRegistration registration, ProtocolKeyPair protocolKey) {
    // the proof of possession names the epoch: if an epoch change lands between reading the epoch and
    // mining the registration, the proof is refused; then it is signed again for the new epoch, once
    return epochState()
        .thenCompose(state -> sendRegistration(registration, protocolKey, state.epoch())
            .exceptionallyCompose(failure -> epochState().thenCompose(now -> now.epoch() == state.epoch()
                ? CompletableFuture.<TransactionReceipt>failedFuture(failure)
                : sendRegistration(registration, protocolKey, now.epoch()))))
        .thenCompose(r -> node(account()))
        .thenApply(n -> n.orElseThrow(() -> new ControlPlaneException("node not found after registration")));
  }

  private CompletableFuture<TransactionReceipt> sendRegistration(
      NodeRegistration registration, ProtocolKeyPair protocolKey, int epoch) {
    NodeVotes v = registration.votes();
    byte[] pop = proofOfPossession(epoch, protocolKey);
    return chain.send(stakingAddress, staking.registerNode(registration.name(), registration.networkAddress(),
        protocolKey.publicKey(), pop, BigInteger.valueOf(registration.commissionBps()),
        v.storagePricePerUnit().units(), v.writePricePerUnit().units(), BigInteger.valueOf(v.capacityBytes())),
        "registerNode");
  }

  @Override
  public CompletableFuture<Void> rotateProtocolKey(ProtocolKeyPair newProtocolKey) {
    return done(epochState().thenCompose(state -> chain.send(stakingAddress,
        staking.rotateProtocolKey(newProtocolKey.publicKey(), proofOfPossession(state.epoch(), newProtocolKey)),
        "rotateProtocolKey")));
  }

  private byte[] proofOfPossession(int epoch, ProtocolKeyPair key) {
    return key.sign(new ProofOfPossessionMessage(epoch, account().toBytes(), key.publicKey()).toBytes());
  }

  @Override
  public CompletableFuture<Optional<NodeInfo>> node(Address nodeId) {
    return chain.read("getNode", staking.getNode(nodeId.toHex()))
        .thenApply(v -> Conversions.isZero(v.nodeId) ? Optional.empty() : Optional.of(Conversions.node(v)));
  }

  @Override
  public CompletableFuture<List<NodeInfo>> nodes() {
    return nodesFrom(0, new ArrayList<>());
  }

  /** Reads the registry a page at a time (registration is unbounded, one call could be too big). */
  private CompletableFuture<List<NodeInfo>> nodesFrom(long offset, List<NodeInfo> out) {
    return chain.read("getNodeIdsPage", staking.getNodeIdsPage(BigInteger.valueOf(offset),
            BigInteger.valueOf(NODE_PAGE)))
        .thenCompose(ids -> {
          List<String> page = castList(ids);
          if (page.isEmpty()) {
            return CompletableFuture.completedFuture(List.copyOf(out));
          }
          return nodeViews(page).thenCompose(views -> {
            views.values().stream().map(Conversions::node).forEach(out::add);
            return page.size() < NODE_PAGE ? CompletableFuture.completedFuture(List.copyOf(out))
                : nodesFrom(offset + page.size(), out);
          });
        });
  }

  @Override
  public CompletableFuture<List<ActiveSetMember>> activeSet() {
    return chain.read("getActiveSet", staking.getActiveSet()).thenApply(t -> {
      List<String> ids = castList(t.component1());
      List<BigInteger> stakes = castList(t.component2());
      List<ActiveSetMember> members = new ArrayList<>();
      for (int i = 0; i < ids.size(); i++) {
        members.add(new ActiveSetMember(Address.parse(ids.get(i)), new TokenAmount(stakes.get(i))));
      }
      members.sort(java.util.Comparator.comparing((ActiveSetMember m) -> m.stake().units()).reversed()
          .thenComparing(m -> m.nodeId().toHex()));
      return List.copyOf(members);
    });
  }

  @Override
  public CompletableFuture<Void> joinActiveSet(Address nodeId) {
    return done(chain.send(stakingAddress, staking.joinActiveSet(nodeId.toHex()), "joinActiveSet"));
  }

  private CompletableFuture<Map<Address, FloeStaking.NodeView>> nodeViews(List<String> ids) {
    return chain.read("getNodes", staking.getNodes(ids)).thenApply(list -> {
      Map<Address, FloeStaking.NodeView> byId = new java.util.LinkedHashMap<>();
      for (Object o : list) {
        FloeStaking.NodeView v = (FloeStaking.NodeView) o;
        if (!Conversions.isZero(v.nodeId)) {
          byId.put(Address.parse(v.nodeId), v);
        }
      }
      return byId;
    });
  }

  @Override
  public CompletableFuture<Void> updateNodeMetadata(String name, String networkAddress) {
    return done(chain.send(stakingAddress, staking.updateNodeMetadata(name, networkAddress), "updateNodeMetadata"));
  }

  @Override
  public CompletableFuture<Void> updateNodeVotes(NodeVotes votes) {
    return done(chain.send(stakingAddress, staking.updateVotes(votes.storagePricePerUnit().units(),
        votes.writePricePerUnit().units(), BigInteger.valueOf(votes.capacityBytes())), "updateVotes"));
  }

  @Override
  public CompletableFuture<Void> setCommission(int commissionBps) {
    return done(chain.send(stakingAddress,
        staking.setCommission(Conversions.unsigned("commission (basis points)", commissionBps, 16)), "setCommission"));
  }

  @Override
  public CompletableFuture<TokenAmount> collectCommission() {
    return chain.send(stakingAddress, staking.collectCommission(), "collectCommission")
        .thenApply(r -> new TokenAmount(FloeStaking.getCommissionCollectedEvents(r).get(0).amount));
  }

  @Override
  public CompletableFuture<StakeInfo> stake(Address nodeId, TokenAmount amount) {
    return approve(stakingAddress)
        .thenCompose(x -> chain.send(stakingAddress, staking.stake(nodeId.toHex(), amount.units()), "stake"))
        .thenCompose(r -> stakeOrFail(ObjectId.of(FloeStaking.getStakeDepositedEvents(r).get(0).stakeId)));
  }

  @Override
  public CompletableFuture<StakeInfo> requestWithdrawal(ObjectId stakeId) {
    return chain.send(stakingAddress, staking.requestWithdrawal(stakeId.toBytes()), "requestWithdrawal")
        .thenCompose(r -> stakeOrFail(stakeId));
  }

  @Override
  public CompletableFuture<TokenAmount> withdrawStake(ObjectId stakeId) {
    return chain.send(stakingAddress, staking.withdrawStake(stakeId.toBytes()), "withdrawStake").thenApply(r -> {
      FloeStaking.StakeWithdrawnEventResponse e = FloeStaking.getStakeWithdrawnEvents(r).get(0);
      return new TokenAmount(e.principal.add(e.rewards));
    });
  }

  @Override
  public CompletableFuture<Optional<StakeInfo>> stakeInfo(ObjectId stakeId) {
    return chain.read("getStake", staking.getStake(stakeId.toBytes()))
        .thenApply(v -> Conversions.isZero(v.owner) ? Optional.empty() : Optional.of(Conversions.stake(v)));
  }

  private CompletableFuture<StakeInfo> stakeOrFail(ObjectId stakeId) {
    return stakeInfo(stakeId).thenApply(s -> s.orElseThrow(() -> new ControlPlaneException("stake " + stakeId + " not found")));
  }

  @Override
  public CompletableFuture<List<StakeInfo>> stakesOf(Address owner) {
    return stakes.stakesOf(owner, StakeQueries.BLOCKS_PER_QUERY);
  }

  /** {@link #stakesOf(Address)} scanning at most {@code blocksPerQuery} blocks per log query. */
  CompletableFuture<List<StakeInfo>> stakesOf(Address owner, int blocksPerQuery) {
    return stakes.stakesOf(owner, blocksPerQuery);
  }

  @Override
  public CompletableFuture<TokenAmount> stakeRewards(ObjectId stakeId) {
    return chain.read("stakeRewards", staking.stakeRewards(stakeId.toBytes())).thenApply(TokenAmount::new);
  }

  // ---------------------------------------------------------------- epochs and committees

  @Override
  public CompletableFuture<EpochState> epochState() {
    return chain.read("epochState", staking.epochState()).thenApply(t -> new EpochState(
        t.component1().intValueExact(), EpochPhase.fromCode(t.component2().intValueExact()),
        Instant.ofEpochSecond(t.component3().longValueExact()), Duration.ofSeconds(t.component4().longValueExact()),
        t.component5().intValueExact(), Instant.ofEpochSecond(t.component6().longValueExact())));
  }

  @Override
  public CompletableFuture<CommitteeInfo> committee(int epoch) {
    int nShards = deployment.parameters().nShards();
    return chain.read("getCommittee", staking.getCommittee(Conversions.unsigned("epoch", epoch, 32))).thenCompose(t -> {
      List<String> ids = castList(t.component1());
      if (ids.isEmpty()) {
        return CompletableFuture.completedFuture(new CommitteeInfo(epoch, nShards, List.of()));
      }
      return nodeViews(ids).thenApply(views -> Conversions.committee(epoch, nShards, ids, castList(t.component2()),
          castList(t.component4()), views));
    });
  }

  @Override
  public CompletableFuture<CommitteeInfo> currentCommittee() {
    return epochState().thenCompose(s -> committee(s.epoch()));
  }

  @Override
  public CompletableFuture<Void> endVoting() {
    return done(chain.send(stakingAddress, staking.votingEnd(), "votingEnd"));
  }

  @Override
  public CompletableFuture<Void> initiateEpochChange() {
    return done(chain.send(stakingAddress, staking.initiateEpochChange(), "initiateEpochChange"));
  }

  @Override
  public CompletableFuture<Void> epochSyncDone(int epoch) {
    return done(chain.send(stakingAddress, staking.epochSyncDone(Conversions.unsigned("epoch", epoch, 32)),
        "epochSyncDone"));
  }

  // ---------------------------------------------------------------- storage and blobs

  @Override
  public CompletableFuture<Prices> prices() {
    return blobs.prices();
  }

  @Override
  public CompletableFuture<StorageResource> reserveSpace(long encodedSize, int epochsAhead) {
    return blobs.reserveSpace(encodedSize, epochsAhead);
  }

  @Override
  public CompletableFuture<Optional<StorageResource>> storage(ObjectId storageId) {
    return blobs.storage(storageId);
  }

  @Override
  public CompletableFuture<BlobObject> registerBlob(ObjectId storageId, BlobRegistration registration) {
    return blobs.registerBlob(storageId, registration);
  }

  @Override
  public CompletableFuture<BlobObject> reserveAndRegisterBlob(BlobRegistration registration, int epochsAhead) {
    return blobs.reserveAndRegisterBlob(registration, epochsAhead);
  }

  @Override
  public CompletableFuture<BlobObject> certifyBlob(ObjectId blobObjectId, Certificate certificate) {
    return blobs.certifyBlob(blobObjectId, certificate);
  }

  @Override
  public CompletableFuture<Void> invalidateBlobId(Certificate certificate) {
    return blobs.invalidateBlobId(certificate);
  }

  @Override
  public CompletableFuture<byte[]> challengeSeed(int epoch) {
    return blobs.challengeSeed(epoch);
  }

  @Override
  public CompletableFuture<Void> reportChallengeFailure(Certificate certificate) {
    return blobs.reportChallengeFailure(certificate);
  }

  @Override
  public CompletableFuture<Boolean> challengeFailed(Address nodeId, int epoch) {
    return blobs.challengeFailed(nodeId, epoch);
  }

  @Override
  public CompletableFuture<TokenAmount> slashedStake(Address nodeId) {
    return chain.read("slashedStake", staking.slashedStake(nodeId.toHex())).thenApply(TokenAmount::new);
  }

  @Override
  public CompletableFuture<BlobObject> extendBlob(ObjectId blobObjectId, int additionalEpochs) {
    return blobs.extendBlob(blobObjectId, additionalEpochs);
  }

  @Override
  public CompletableFuture<StorageResource> deleteBlob(ObjectId blobObjectId) {
    return blobs.deleteBlob(blobObjectId);
  }

  @Override
  public CompletableFuture<Optional<BlobObject>> blob(ObjectId blobObjectId) {
    return blobs.blob(blobObjectId);
  }

  @Override
  public CompletableFuture<BlobStatus> blobStatus(BlobId blobId) {
    return blobs.blobStatus(blobId);
  }

  @Override
  public CompletableFuture<Boolean> isAvailable(BlobId blobId, int untilEpoch) {
    return blobs.isAvailable(blobId, untilEpoch);
  }

  /** The blob ID the system contract derives on-chain (Blake2b through the EIP-152 precompile). */
  public CompletableFuture<BlobId> deriveBlobIdOnChain(int encodingType, long size, byte[] rootHash) {
    return blobs.deriveBlobIdOnChain(encodingType, size, rootHash);
  }

  /** The encoded size the system contract bills for a blob of {@code size} bytes. */
  public CompletableFuture<Long> encodedSizeOnChain(long size) {
    return blobs.encodedSizeOnChain(size);
  }

  // ---------------------------------------------------------------- events

  @Override
  public CompletableFuture<Long> latestBlock() {
    return chain.latestBlock();
  }

  @Override
  public CompletableFuture<List<ChainEvent>> blobEvents(BlobId blobId, int maxBlocks) {
    if (maxBlocks < 1) {
      throw new IllegalArgumentException("maxBlocks must be >= 1, got " + maxBlocks);
    }
    return chain.latestBlock().thenCompose(latest -> chain.read("getLogs(blob)", () -> {
      List<ChainEvent> out = new ArrayList<>();
      for (long from = deployment.startCursor().blockNumber(); from <= latest; from += maxBlocks) {
        out.addAll(events.blobEvents(blobId, from, Math.min(latest, from + maxBlocks - 1)));
      }
      return out;
    }));
  }

  @Override
  public CompletableFuture<java.time.Instant> latestBlockTime() {
    return chain.latestBlockTime();
  }

  @Override
  public CompletableFuture<EventPage> fetchEvents(EventId after, int confirmations, int maxBlocks) {
    return fetchEvents(after, Optional.empty(), confirmations, maxBlocks);
  }

  @Override
  public CompletableFuture<EventPage> fetchEvents(
      EventId after, Optional<String> afterBlockHash, int confirmations, int maxBlocks) {
    if (confirmations < 0 || maxBlocks < 1) {
      throw new IllegalArgumentException("confirmations must be >= 0 and maxBlocks >= 1");
    }
    return chain.read("getLogs", () -> events.fetch(after, afterBlockHash, confirmations, maxBlocks));
  }

  @Override
  public EventStream subscribe(EventId after, EventStreamOptions options, ChainEventHandler handler) {
    return subscribe(after, Optional.empty(), options, handler);
  }

  @Override
  public EventStream subscribe(
      EventId after, Optional<String> afterBlockHash, EventStreamOptions options, ChainEventHandler handler) {
    EvmEventStream stream = new EvmEventStream(events, after, afterBlockHash, options, handler,
        chain.name + "-events-" + STREAMS.incrementAndGet());
    streams.add(stream);
    stream.done().whenComplete((v, e) -> streams.remove(stream));
    stream.start();
    return stream;
  }

  @Override
  public void close() {
    for (EventStream s : streams) {
      s.close();
    }
    chain.close();
  }

  @Override
  public String toString() {
    return "EvmControlPlane[" + account() + " on chain " + deployment.chainId() + "]";
  }

  // ---------------------------------------------------------------- wallet

  @Override
  public NativeCurrency nativeCurrency() {
    return ETHER;
  }

  @Override
  public CompletableFuture<NativeAmount> nativeBalance(Address account) {
    return chain.etherBalance(account.toHex()).thenApply(ETHER::ofUnits);
  }

  @Override
  public CompletableFuture<TransactionId> transferNative(Address to, NativeAmount amount) {
    if (!amount.currency().equals(ETHER)) {
      throw new IllegalArgumentException("this chain's native currency is " + ETHER.symbol() + ", not "
          + amount.currency().symbol());
    }
    Address from = account();
    return nativeBalance(from).thenCompose(balance -> {
      if (balance.compareTo(amount) < 0) {
        throw new InsufficientFundsException("the account " + from.toHex() + " holds " + balance + ", less than the "
            + amount + " to send", "InsufficientNativeBalance",
            List.of(from.toHex(), balance.units().toString(), amount.units().toString()));
      }
      return chain.sender.send(to.toHex(), amount.units(), "0x", "transferNative");
    }).thenApply(EvmControlPlane::transactionId);
  }

  @Override
  public CompletableFuture<TransactionId> transferTokens(Address to, TokenAmount amount) {
    return chain.send(tokenAddress, token.transfer(to.toHex(), amount.units()), "transfer")
        .thenApply(EvmControlPlane::transactionId);
  }

  @Override
  public CompletableFuture<TransactionId> mintTokensFromFaucet(TokenAmount amount) {
    return chain.send(tokenAddress, token.faucet(amount.units()), "faucet").thenApply(EvmControlPlane::transactionId);
  }

  @Override
  public CompletableFuture<Optional<TokenAmount>> faucetLimit() {
    return chain.read("faucetEnabled", token.faucetEnabled()).thenCompose(enabled -> !enabled
        ? CompletableFuture.completedFuture(Optional.<TokenAmount>empty())
        : chain.read("FAUCET_LIMIT", token.FAUCET_LIMIT()).thenApply(limit -> Optional.of(new TokenAmount(limit))));
  }

  private static TransactionId transactionId(TransactionReceipt receipt) {
    return new TransactionId(receipt.getTransactionHash());
  }

  // ---------------------------------------------------------------- helpers

  private CompletableFuture<Void> approve(String spender) {
    if (approved.contains(spender)) {
      return CompletableFuture.completedFuture(null);
    }
    return chain.read("allowance", token.allowance(account().toHex(), spender)).thenCompose(allowance -> {
      if (allowance.compareTo(MAX_ALLOWANCE.shiftRight(1)) > 0) {
        approved.add(spender);
        return CompletableFuture.completedFuture(null);
      }
      return chain.send(tokenAddress, token.approve(spender, MAX_ALLOWANCE), "approve")
          .thenApply(r -> {
            approved.add(spender);
            return null;
          });
    });
  }

  private static CompletableFuture<Void> done(CompletableFuture<?> f) {
    return f.thenApply(x -> null);
  }

  @SuppressWarnings("unchecked")
  private static <T> List<T> castList(Object list) {
    return (List<T>) list;
  }
}
