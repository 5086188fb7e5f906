package dev.floe.controlplane.evm;

import dev.floe.controlplane.ChainUnavailableException;
import dev.floe.controlplane.events.ChainEvent;
import dev.floe.controlplane.events.EventId;
import dev.floe.controlplane.events.EventPage;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;

/** Reads Floe events page by page with {@code eth_getLogs}. Thread-safe; blocking. */
final class EventFetcher {
  private final Web3j web3j;
  private final EventDecoder decoder;

  EventFetcher(Web3j web3j, EventDecoder decoder) {
    this.web3j = web3j;
    this.decoder = decoder;
  }

  /**
   * The events after {@code after} in blocks at least {@code confirmations} deep, scanning at most
   * {@code maxBlocks} blocks; the page's cursor is the end of the last block scanned (or {@code
   * after} when there was nothing new to scan).
   */
  EventPage fetch(EventId after, int confirmations, int maxBlocks) {
    return fetchPage(after, confirmations, maxBlocks).page();
  }

  /** A page and whether it reached the newest block deep enough to deliver. */
  record Fetched(EventPage page, boolean atHead) {}

  Fetched fetchPage(EventId after, int confirmations, int maxBlocks) {
    try {
      long head = web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
      long safe = head - confirmations;
      long from = after.isBlockEnd() ? after.blockNumber() + 1 : after.blockNumber();
      if (from > safe) {
        return new Fetched(new EventPage(List.of(), after), true);
      }
      long to = Math.min(safe, from + maxBlocks - 1);
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
      List<ChainEvent> events = decoder.decodeAll(raw).stream().filter(e -> e.id().compareTo(after) > 0).toList();
      return new Fetched(new EventPage(events, EventId.atBlockEnd(to)), to == safe);
    } catch (IOException e) {
      throw new ChainUnavailableException("cannot read events: " + e.getMessage(), e);
    }
  }
}
