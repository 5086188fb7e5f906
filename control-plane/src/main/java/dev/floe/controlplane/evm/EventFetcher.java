package dev.floe.controlplane.evm;

import dev.floe.contracts.generated.FloeStaking;
import dev.floe.controlplane.Address;
import dev.floe.controlplane.ChainReorganizedException;
import dev.floe.controlplane.ChainUnavailableException;
import dev.floe.controlplane.events.ChainEvent;
import dev.floe.controlplane.events.EventId;
import dev.floe.controlplane.events.EventPage;
import dev.floe.controlplane.events.StakeDeposited;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/**
 * Reads Floe events page by page with {@code eth_getLogs}, guarding against reorganizations deeper
 * than the confirmation depth: the hashes of the blocks a page delivers are remembered, and the next
 * read first checks that the block it continues after still has its hash (else {@link
 * ChainReorganizedException}). Thread-safe; blocking.
 */
final class EventFetcher {
  private final Web3j web3j;
  private final EventDecoder decoder;
  /** What plain {@link #fetch} callers were given, per confirmation depth. */
  private final Map<Integer, DeliveredBlocks> shared = new ConcurrentHashMap<>();

  EventFetcher(Web3j web3j, EventDecoder decoder) {
    this.web3j = web3j;
    this.decoder = decoder;
  }

  /**
   * The events after {@code after} in blocks at least {@code confirmations} deep, scanning at most
   * {@code maxBlocks} blocks; the page's cursor is the end of the last block scanned (or {@code
   * after} when there was nothing new to scan). Checked against the blocks this fetcher delivered
   * before at the same depth.
   */
  EventPage fetch(EventId after, int confirmations, int maxBlocks) {
    return fetch(after, Optional.empty(), confirmations, maxBlocks);
  }

  /**
   * Like {@link #fetch(EventId, int, int)}; a given {@code afterBlockHash} (persisted by a reader with
   * its cursor) is what the cursor's block is checked against, instead of this fetcher's memory.
   */
  EventPage fetch(EventId after, Optional<String> afterBlockHash, int confirmations, int maxBlocks) {
    DeliveredBlocks memory = shared.computeIfAbsent(confirmations, c -> new DeliveredBlocks());
    if (afterBlockHash.isPresent()) {
      DeliveredBlocks given = new DeliveredBlocks();
      given.remember(after.blockNumber(), afterBlockHash.get());
      EventPage page = fetchPage(after, confirmations, maxBlocks, given).page();
      page.blockHashes().forEach(memory::remember);
      return page;
    }
    return fetchPage(after, confirmations, maxBlocks, memory).page();
  }

  /** A page and whether it reached the newest block deep enough to deliver. */
  record Fetched(EventPage page, boolean atHead) {}

  /**
   * Like {@link #fetch}, checking against and recording into {@code delivered}.
   *
   * @throws ChainReorganizedException when the block of {@code after} was delivered with another
   *     hash than it has now
   */
  Fetched fetchPage(EventId after, int confirmations, int maxBlocks, DeliveredBlocks delivered) {
    try {
      long head = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
      Fetched nothing = new Fetched(new EventPage(List.of(), after), true);
      Optional<String> expected = delivered.hashOf(after.blockNumber());
      if (expected.isPresent()) {
        Optional<String> actual = blockHash(after.blockNumber());
        if (actual.isEmpty()) {
          return nothing; // the chain is shorter for now: wait until the block is there again
        }
        if (!actual.get().equalsIgnoreCase(expected.get())) {
          throw new ChainReorganizedException(after.blockNumber(), expected.get(), actual.get(), confirmations);
        }
      }
      long safe = head - confirmations;
      long from = after.isBlockEnd() ? after.blockNumber() + 1 : after.blockNumber();
      if (from > safe) {
        return nothing;
      }
      long to = Math.min(safe, from + maxBlocks - 1);
      Optional<String> lastHash = blockHash(to);
      if (lastHash.isEmpty()) {
        return nothing;
      }
      List<Log> raw = logs(from, to);
      Map<Long, String> hashes = blockHashes(raw, to, lastHash.get());
      List<ChainEvent> events = decoder.decodeAll(raw).stream().filter(e -> e.id().compareTo(after) > 0).toList();
      hashes.forEach((block, hash) -> {
        if (block != to) {
          delivered.remember(block, hash);
        }
      });
      delivered.remember(to, lastHash.get()); // last, so the newest cursor is the last forgotten
      return new Fetched(new EventPage(events, EventId.atBlockEnd(to), hashes), to == safe);
    } catch (IOException e) {
      throw new ChainUnavailableException("cannot read events: " + e.getMessage(), e);
    }
  }

  /**
   * The blob events (registered, certified or extended, deleted, invalidated) naming {@code blobId}
   * in blocks [from, to], in chain order, found with a topic filter (blob IDs are indexed) rather
   * than by reading every event.
   */
  List<ChainEvent> blobEvents(dev.floe.core.blob.BlobId blobId, long from, long to) {
    EthFilter filter = new EthFilter(
        DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
        DefaultBlockParameter.valueOf(BigInteger.valueOf(to)),
        decoder.systemAddress());
    filter.addOptionalTopics(EventDecoder.blobEventTopics().toArray(String[]::new));
    filter.addSingleTopic(org.web3j.utils.Numeric.toHexString(blobId.toBytes()));
    try {
      EthLog logs = web3j.ethGetLogs(filter).send();
      if (logs.hasError()) {
        throw new ChainUnavailableException("eth_getLogs of blob " + blobId + " in " + from + ".." + to + " failed: "
            + logs.getError().getMessage());
      }
      List<Log> raw = new ArrayList<>();
      for (EthLog.LogResult<?> r : logs.getLogs()) {
        if (r.get() instanceof Log log) {
          raw.add(log);
        }
      }
      return decoder.decodeAll(raw);
    } catch (IOException e) {
      throw new ChainUnavailableException("cannot read the events of blob " + blobId + ": " + e.getMessage(), e);
    }
  }

  /**
   * The {@code StakeDeposited} events whose owner is {@code owner} in blocks [from, to], in chain
   * order, found with a topic filter on the staking contract (the owner is an indexed topic).
   */
  List<StakeDeposited> stakeDeposits(Address owner, long from, long to) {
    EthFilter filter = new EthFilter(
        DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
        DefaultBlockParameter.valueOf(BigInteger.valueOf(to)),
        decoder.stakingAddress());
    filter.addSingleTopic(EventEncoder.encode(FloeStaking.STAKEDEPOSITED_EVENT));
    filter.addNullTopic(); // stakeId
    filter.addNullTopic(); // nodeId
    filter.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(new BigInteger(1, owner.toBytes()), 64));
    try {
      EthLog logs = web3j.ethGetLogs(filter).send();
      if (logs.hasError()) {
        throw new ChainUnavailableException("eth_getLogs of the stakes of " + owner + " in " + from + ".." + to
            + " failed: " + logs.getError().getMessage());
      }
      List<Log> raw = new ArrayList<>();
      for (EthLog.LogResult<?> r : logs.getLogs()) {
        if (r.get() instanceof Log log) {
          raw.add(log);
        }
      }
      List<StakeDeposited> out = new ArrayList<>();
      for (ChainEvent e : decoder.decodeAll(raw)) {
        if (e instanceof StakeDeposited d && d.owner().equals(owner)) {
          out.add(d);
        }
      }
      return out;
    } catch (IOException e) {
      throw new ChainUnavailableException("cannot read the stakes of " + owner + ": " + e.getMessage(), e);
    }
  }

  private List<Log> logs(long from, long to) throws IOException {
    EthFilter filter = new EthFilter(
        DefaultBlockParameter.valueOf(BigInteger.valueOf(from)),
        DefaultBlockParameter.valueOf(BigInteger.valueOf(to)),
        decoder.addresses());
    EthLog logs = web3j.ethGetLogs(filter).send();
    if (logs.hasError()) {
      throw new ChainUnavailableException("eth_getLogs " + from + ".." + to + " failed: " + logs.getError().getMessage());
    }
    List<Log> raw = new ArrayList<>();
    for (EthLog.LogResult<?> r : logs.getLogs()) {
      if (r.get() instanceof Log log) {
        raw.add(log);
      }
    }
    return raw;
  }

  /**
   * The hash of each block the logs come from plus the last block scanned; a read that straddled a
   * reorganization (two hashes for one block) is a transient failure to be retried.
   */
  private static Map<Long, String> blockHashes(List<Log> raw, long to, String lastHash) {
    Map<Long, String> hashes = new HashMap<>();
    hashes.put(to, lastHash);
    for (Log log : raw) {
      if (log.getBlockNumber() == null || log.getBlockHash() == null) {
        throw new ChainUnavailableException("eth_getLogs returned a log without block number or hash");
      }
      long block = log.getBlockNumber().longValueExact();
      String known = hashes.putIfAbsent(block, log.getBlockHash());
      if (known != null && !known.equalsIgnoreCase(log.getBlockHash())) {
        throw new ChainUnavailableException("the chain changed while reading block " + block
            + " (hashes " + known + " and " + log.getBlockHash() + "); retrying");
      }
    }
    return hashes;
  }

  /** The hash of block {@code number}, empty when the chain does not have it (yet). */
  private Optional<String> blockHash(long number) throws IOException {
    EthBlock reply = web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false).send();
    if (reply.hasError()) {
      throw new ChainUnavailableException("eth_getBlockByNumber " + number + " failed: " + reply.getError().getMessage());
    }
    EthBlock.Block block = reply.getBlock();
    return block == null || block.getHash() == null ? Optional.empty() : Optional.of(block.getHash());
  }
}
