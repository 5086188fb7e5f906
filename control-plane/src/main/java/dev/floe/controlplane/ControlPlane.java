package dev.floe.controlplane;

import dev.floe.controlplane.events.ChainEvent;
import dev.floe.controlplane.events.ChainEventHandler;
import dev.floe.controlplane.events.EventId;
import dev.floe.controlplane.events.EventPage;
import dev.floe.controlplane.events.EventStream;
import dev.floe.controlplane.events.EventStreamOptions;
import dev.floe.core.blob.BlobId;
import dev.floe.core.crypto.ProtocolKeyPair;
import dev.floe.core.messages.Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Floe's control plane, independent of the chain that runs it: token, storage nodes and stake,
 * committees and epochs, storage prices and reservations, blobs, and the stream of chain events.
 *
 * <p>Every operation is asynchronous: transactions complete when mined successfully (or when the
 * contract refused them), reads when answered. Failures are {@link ControlPlaneException}s:
 * {@link RevertedException} and its subclasses when the contract refused ({@link
 * BlobNotRegisteredException}, {@link InsufficientQuorumException}, {@link
 * InvalidCertificateException}, {@link WrongEpochException}, {@link UnauthorizedException}, {@link
 * ExpiredException}, {@link BlobAlreadyCertifiedException}, {@link BlobIdInvalidatedException},
 * {@link InsufficientFundsException}, {@link InsufficientCapacityException}, {@link
 * InvalidRequestException}, {@link NotFoundException}, {@link StateConflictException}, {@link
 * EpochStateException}, {@link ChallengeAlreadyReportedException}; the Solidity error's name is in
 * {@link RevertedException#errorName()}), {@link ChainUnavailableException} when the RPC endpoint
 * stayed down after retries, {@link TransactionTimeoutException} when a transaction was not mined in
 * time.
 *
 * <p>Transactions are sent from one account ({@link #account()}); concurrent calls are safe (nonces
 * are assigned in call order). Token payments are approved automatically. Implementations are
 * thread-safe. Epochs are plain {@code int}s (u32 on chain); end epochs are exclusive.
 */
public interface ControlPlane extends AutoCloseable {

  /** The deployment this control plane talks to. */
  Deployment deployment();

  /** The account transactions are sent from (the node ID when it operates a node). */
  Address account();

  // ---------------------------------------------------------------- token

  /** Token balance of {@code account}. */
  CompletableFuture<TokenAmount> balanceOf(Address account);

  /** Transfers tokens from {@link #account()}. */
  CompletableFuture<Void> transfer(Address to, TokenAmount amount);

  /** Mints test tokens to {@link #account()} from the faucet (deployments with the faucet enabled). */
  CompletableFuture<Void> mintFromFaucet(TokenAmount amount);

  // ---------------------------------------------------------------- nodes and stake

  /**
   * Registers {@link #account()} as a storage node with the given protocol key. The proof of
   * possession (the protocol key's signature over the Walrus-format message with intent 0, the
   * current epoch, the operator address and the public key) is built and signed here; the private
   * key never leaves the process.
   */
  CompletableFuture<NodeInfo> registerNode(NodeRegistration registration, ProtocolKeyPair protocolKey);

  /** Replaces {@link #account()}'s protocol key (effective for committees selected afterwards). */
  CompletableFuture<Void> rotateProtocolKey(ProtocolKeyPair newProtocolKey);

  /** The node with ID {@code nodeId}, if registered. */
  CompletableFuture<Optional<NodeInfo>> node(Address nodeId);

  /** Every registered node, in registration order. */
  CompletableFuture<List<NodeInfo>> nodes();

  /**
   * The active set: the staked nodes committee selection reads, highest stake first. Registration
   * is open to anyone, but only nodes in this bounded set can be selected.
   */
  CompletableFuture<List<ActiveSetMember>> activeSet();

  /**
   * Puts node {@code nodeId} into the active set if its stake is at least the minimum and the set
   * has room or a member with less stake (which leaves the set). Staking does this automatically;
   * this is for a node that stayed out while the set was full. Permissionless; does nothing for a
   * member. Fails with {@link StateConflictException} ({@code ActiveSetFull}) when every member has
   * at least as much stake, {@link InvalidRequestException} ({@code StakeBelowMinimum}) when the
   * node's stake is below the minimum.
   */
  CompletableFuture<Void> joinActiveSet(Address nodeId);

  /** Changes {@link #account()}'s node name and REST address. */
  CompletableFuture<Void> updateNodeMetadata(String name, String networkAddress);

  /** Changes {@link #account()}'s node votes; prices follow at once if the node is in the committee. */
  CompletableFuture<Void> updateNodeVotes(NodeVotes votes);

  /**
   * Changes {@link #account()}'s node commission. The new rate applies from the first epoch a
   * withdrawal requested now would no longer count in (the next epoch, or the one after if the next
   * committee was already selected), so delegators can always leave before it affects them.
   */
  CompletableFuture<Void> setCommission(int commissionBps);

  /** Pays out {@link #account()}'s node commission; returns the amount. */
  CompletableFuture<TokenAmount> collectCommission();

  /**
   * Stakes {@code amount} from {@link #account()} with node {@code nodeId}. The stake counts from the
   * next epoch, or from the one after if the next committee was already selected.
   */
  CompletableFuture<StakeInfo> stake(Address nodeId, TokenAmount amount);

  /**
   * Asks to withdraw a stake position. It stops counting from the next epoch (or the one after if
   * the next committee was already selected). A position that is not active yet and not counted by
   * a selected committee never counts, but is paid out ({@link #withdrawStake}) only from its
   * activation epoch, so stake that evicted an active-set member cannot be taken back at once.
   */
  CompletableFuture<StakeInfo> requestWithdrawal(ObjectId stakeId);

  /**
   * Pays out a position whose withdrawal is effective: principal (after slashing, {@link
   * StakeInfo#principal()}) plus rewards. Returns the total.
   */
  CompletableFuture<TokenAmount> withdrawStake(ObjectId stakeId);

  /** A stake position, if it exists. */
  CompletableFuture<Optional<StakeInfo>> stakeInfo(ObjectId stakeId);

  /**
   * Every stake position {@code owner} deposited, oldest first, including positions being withdrawn
   * and those already paid out ({@link StakeInfo#withdrawn()}). Positions are found by scanning the
   * chain's stake deposit events for the owner (indexed, so the cost grows with the chain's length
   * only by a query per range of blocks) and read back from the contract.
   */
  CompletableFuture<List<StakeInfo>> stakesOf(Address owner);

  /**
   * The rewards a stake position has earned so far (through the last finished epoch; until it stops
   * counting once withdrawal was requested), what {@link #withdrawStake} pays besides the principal.
   * Zero for an unknown or already withdrawn position.
   */
  CompletableFuture<TokenAmount> stakeRewards(ObjectId stakeId);

  // ---------------------------------------------------------------- epochs and committees

  /** The epoch clock. */
  CompletableFuture<EpochState> epochState();

  /**
   * The committee of {@code epoch}: the current one, an earlier one, or the next one once it is
   * selected. Empty for epoch 0 and for epochs not selected yet.
   */
  CompletableFuture<CommitteeInfo> committee(int epoch);

  /** The current epoch's committee. */
  CompletableFuture<CommitteeInfo> currentCommittee();

  /**
   * Ends voting and selects the next committee (permissionless; due at {@link
   * EpochState#votingEndTime()}: half an epoch after the last epoch change completed).
   */
  CompletableFuture<Void> endVoting();

  /**
   * Starts the next epoch (permissionless; due at {@link EpochState#nextEpochChangeTime()}: an epoch
   * after the last epoch change completed, once voting ended).
   */
  CompletableFuture<Void> initiateEpochChange();

  /** Reports that {@link #account()}'s node holds all its shards for {@code epoch}. */
  CompletableFuture<Void> epochSyncDone(int epoch);

  // ---------------------------------------------------------------- storage and blobs

  /** Current prices and capacity. */
  CompletableFuture<Prices> prices();

  /** Reserves {@code encodedSize} bytes for the current epoch and {@code epochsAhead - 1} more. */
  CompletableFuture<StorageResource> reserveSpace(long encodedSize, int epochsAhead);

  /** A storage reservation, if it exists. */
  CompletableFuture<Optional<StorageResource>> storage(ObjectId storageId);

  /** Registers a blob on an unused reservation owned by {@link #account()}. */
  CompletableFuture<BlobObject> registerBlob(ObjectId storageId, BlobRegistration registration);

  /** Reserves exactly the blob's encoded size for {@code epochsAhead} epochs and registers it, in one transaction. */
  CompletableFuture<BlobObject> reserveAndRegisterBlob(BlobRegistration registration, int epochsAhead);

  /**
   * Certifies a registered blob with a committee certificate over the storage confirmation
   * message (intent 1, current epoch, blob ID, persistence). The signers must hold a quorum of
   * shards of the current committee.
   */
  CompletableFuture<BlobObject> certifyBlob(ObjectId blobObjectId, Certificate certificate);

  /**
   * Declares a blob ID invalid with a certificate over the InvalidBlobId message (intent 2,
   * current epoch, blob ID) from signers holding more than f shards. Idempotent.
   */
  CompletableFuture<Void> invalidateBlobId(Certificate certificate);

  // ---------------------------------------------------------------- storage challenges

  /**
   * The storage-challenge seed of {@code epoch} (32 bytes): {@code keccak256(abi.encode(blockhash,
   * epoch))} of the block before the one that started the epoch, fixed when the epoch starts. Fails
   * with {@link EpochStateException} ({@code EpochNotStarted}) for an epoch that has not started.
   */
  CompletableFuture<byte[]> challengeSeed(int epoch);

  /**
   * Reports that a member of the current committee failed its storage challenge, with a
   * certificate over the {@code ChallengeFailureMessage} (intent 16, current epoch, the node's
   * operator address) from signers holding more than f shards. The node forfeits the current
   * epoch's rewards to the other members, its stake pool is slashed by {@link
   * DeploymentParameters#slashingBps()} ({@link dev.floe.controlplane.events.StakeSlashed}; see {@link
   * #slashedStake}) and {@link dev.floe.controlplane.events.StorageChallengeFailed} is emitted. Fails with {@link
   * ChallengeAlreadyReportedException} when the node was already reported this epoch (the failure
   * is recorded: a racing reporter may treat it as success), {@link WrongEpochException} for a
   * message of another epoch, {@link InsufficientQuorumException} below validity weight, {@link
   * InvalidCertificateException} for a malformed certificate or another message, and {@link
   * UnauthorizedException} ({@code NotInCommittee}) when the node is not in the current committee.
   */
  CompletableFuture<Void> reportChallengeFailure(Certificate certificate);

  /** Whether {@code nodeId} was reported for failing its storage challenge in {@code epoch}. */
  CompletableFuture<Boolean> challengeFailed(Address nodeId, int epoch);

  /**
   * The stake slashed from {@code nodeId}'s pool so far (zero for an unknown node): each accepted
   * {@link #reportChallengeFailure} takes {@link DeploymentParameters#slashingBps()} of the stake
   * that backed the node in that epoch, and burns it. The node's stake ({@link NodeInfo}), its stake
   * positions ({@link StakeInfo#principal()}) and the next committee selection see the lower stake.
   */
  CompletableFuture<TokenAmount> slashedStake(Address nodeId);

  /** Extends a certified, unexpired blob by {@code additionalEpochs}; anyone may pay for it. */
  CompletableFuture<BlobObject> extendBlob(ObjectId blobObjectId, int additionalEpochs);

  /** Deletes a deletable blob owned by {@link #account()}; its reservation returns to the owner. */
  CompletableFuture<StorageResource> deleteBlob(ObjectId blobObjectId);

  /** A blob registration, if it exists (deleted ones included). */
  CompletableFuture<Optional<BlobObject>> blob(ObjectId blobObjectId);

  /** The status of a blob ID across its registrations. */
  CompletableFuture<BlobStatus> blobStatus(BlobId blobId);

  /**
   * Whether a permanent, certified, valid registration of {@code blobId} keeps it available through
   * epoch {@code untilEpoch} (and the current epoch): what a dApp contract checks with {@code
   * isAvailable(blobId, untilEpoch)}.
   */
  CompletableFuture<Boolean> isAvailable(BlobId blobId, int untilEpoch);

  // ---------------------------------------------------------------- events

  /** The number of the latest block. */
  CompletableFuture<Long> latestBlock();

  /**
   * The timestamp of the latest block: the chain's clock as of its last block (on an idle local
   * chain it lags behind the wall clock until the next block).
   */
  CompletableFuture<java.time.Instant> latestBlockTime();

  /**
   * Fetches the events after {@code after}, in order, from blocks at least {@code confirmations}
   * deep, at most {@code maxBlocks} blocks at a time. Fails with {@link ChainReorganizedException}
   * when {@code after} is in a block this control plane delivered earlier (at the same depth) that
   * has since been replaced by a reorganization deeper than {@code confirmations}.
   */
  CompletableFuture<EventPage> fetchEvents(EventId after, int confirmations, int maxBlocks);

  /**
   * Like {@link #fetchEvents(EventId, int, int)} for a reader that resumes from a cursor it
   * persisted: when {@code afterBlockHash} is given (the hash the earlier page reported for the
   * cursor's block, {@link EventPage#blockHash}), the read first checks that the block still has
   * that hash and fails with {@link ChainReorganizedException} otherwise, even when this control
   * plane never delivered that block itself (a reader that was restarted).
   */
  CompletableFuture<EventPage> fetchEvents(
      EventId after, Optional<String> afterBlockHash, int confirmations, int maxBlocks);

  /**
   * The blob events naming {@code blobId} (registrations, certifications and extensions, deletions,
   * invalidation) in blocks up to the latest, oldest first, scanning at most {@code maxBlocks} blocks
   * per query. Uses the chain's log index (blob IDs are indexed topics), so it costs little even on
   * a long chain.
   */
  CompletableFuture<List<ChainEvent>> blobEvents(BlobId blobId, int maxBlocks);

  /**
   * Subscribes to events after {@code after} (use {@link Deployment#startCursor()} for all of
   * them). The handler runs on the stream's own thread, one event at a time.
   */
  EventStream subscribe(EventId after, EventStreamOptions options, ChainEventHandler handler);

  /**
   * Like {@link #subscribe(EventId, EventStreamOptions, ChainEventHandler)}, resuming from a
   * persisted cursor whose block had hash {@code afterBlockHash}: if that block was replaced, the
   * stream ends with {@link ChainReorganizedException} before delivering anything.
   */
  EventStream subscribe(
      EventId after, Optional<String> afterBlockHash, EventStreamOptions options, ChainEventHandler handler);

  /** Stops background work (event streams, pollers) and releases the connection. */
  @Override
  void close();

  // ---------------------------------------------------------------- wallet: gas money, token moves, faucet

  /** The chain's native currency, which pays transaction fees (ETH, 18 decimals, on EVM chains). */
  NativeCurrency nativeCurrency();

  /** The native-currency (gas money) balance of {@code account}. */
  CompletableFuture<NativeAmount> nativeBalance(Address account);

  /**
   * Sends {@code amount} of the native currency from {@link #account()} to {@code to} (the fee comes
   * on top); completes with the mined transaction. Fails with {@link InsufficientFundsException} when
   * the account holds less than {@code amount} ({@code InsufficientNativeBalance(account, balance,
   * amount)}) or cannot pay the fee on top ({@code InsufficientFundsForGas}).
   */
  CompletableFuture<TransactionId> transferNative(Address to, NativeAmount amount);

  /**
   * Transfers tokens from {@link #account()} like {@link #transfer}, completing with the mined
   * transaction. Fails with {@link InsufficientFundsException} ({@code InsufficientBalance(account,
   * balance, amount)}) when the account holds fewer tokens, {@link InvalidRequestException} ({@code
   * InvalidReceiver}) for the zero address.
   */
  CompletableFuture<TransactionId> transferTokens(Address to, TokenAmount amount);

  /**
   * Mints test tokens to {@link #account()} from the faucet like {@link #mintFromFaucet}, completing
   * with the mined transaction. Fails with {@link StateConflictException} ({@code FaucetDisabled})
   * on a deployment without the faucet, {@link InvalidRequestException} ({@code
   * FaucetLimitExceeded(requested, limit)}) above {@link #faucetLimit()}.
   */
  CompletableFuture<TransactionId> mintTokensFromFaucet(TokenAmount amount);

  /** The most one faucet call mints, or empty when the deployment's faucet is disabled. */
  CompletableFuture<Optional<TokenAmount>> faucetLimit();
}
