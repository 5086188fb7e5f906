package dev.floe.client.upload;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Bounds the transfers of the SDK: at most {@code maxRequests} requests overall, at most {@code
 * maxRequestsPerNode} to any one node (so a slow node cannot take every slot), and at most {@code
 * maxBytes} bytes of sliver bodies held for sending. A body larger than the whole byte budget takes
 * the whole budget (it is never refused).
 *
 * <p>Blocking, meant for virtual threads. Byte permits and request permits are separate, so a
 * producer can reserve memory for a sliver before it knows when the sliver's node will take it;
 * {@link #acquire(String, long)} takes both (node slot first, so a thread never holds global capacity
 * while it waits for a slow node). Thread-safe.
 */
public final class TransferLimiter {
  private static final int BYTE_UNIT = 1024;

  private final int maxRequests;
  private final int maxRequestsPerNode;
  private final Semaphore requests;
  private final Semaphore byteUnits;
  private final int maxUnits;
  private final Map<String, Semaphore> perNode = new ConcurrentHashMap<>();

  /** Creates a limiter; every bound must be positive. */
  public TransferLimiter(int maxRequests, int maxRequestsPerNode, long maxBytes) {
    if (maxRequests < 1 || maxRequestsPerNode < 1 || maxBytes < 1) {
      throw new IllegalArgumentException(
          "limits must be positive: requests=" + maxRequests + ", perNode=" + maxRequestsPerNode
              + ", bytes=" + maxBytes);
    }
    this.maxRequests = maxRequests;
    this.maxRequestsPerNode = maxRequestsPerNode;
    this.requests = new Semaphore(maxRequests, true);
    this.maxUnits = (int) Math.min(Integer.MAX_VALUE, Math.max(1, ceilUnits(maxBytes)));
    this.byteUnits = new Semaphore(maxUnits, true);
  }

  /** Waits for a request slot to {@code node} (per-node first, then global). */
  public Permit acquireRequest(String node) throws InterruptedException {
    Semaphore nodeSlots = perNode.computeIfAbsent(node, k -> new Semaphore(maxRequestsPerNode, true));
    nodeSlots.acquire();
    try {
      requests.acquire();
    } catch (InterruptedException e) {
      nodeSlots.release();
      throw e;
    }
    return new Permit(() -> {
      requests.release();
      nodeSlots.release();
    });
  }

  /** Waits until {@code bytes} more bytes may be held (clamped to the whole budget). */
  public Permit acquireBytes(long bytes) throws InterruptedException {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes must not be negative, got " + bytes);
    }
    int units = (int) Math.min(maxUnits, ceilUnits(bytes));
    byteUnits.acquire(units);
    return new Permit(() -> byteUnits.release(units));
  }

  /** A request slot to {@code node} and {@code bytes} of budget; closing releases both. */
  public Permit acquire(String node, long bytes) throws InterruptedException {
    Permit request = acquireRequest(node);
    try {
      Permit memory = acquireBytes(bytes);
      return new Permit(() -> {
        memory.close();
        request.close();
      });
    } catch (InterruptedException e) {
      request.close();
      throw e;
    }
  }

  /** Requests currently running. */
  public int requestsInFlight() {
    return maxRequests - requests.availablePermits();
  }

  /** Bytes currently reserved, rounded up to whole KiB per permit. */
  public long bytesInFlight() {
    return (long) (maxUnits - byteUnits.availablePermits()) * BYTE_UNIT;
  }

  private static long ceilUnits(long bytes) {
    return (bytes + BYTE_UNIT - 1) / BYTE_UNIT;
  }

  /** Capacity held until {@link #close()} (idempotent). */
  public static final class Permit implements AutoCloseable {
    private final Runnable release;
    private boolean closed;

    private Permit(Runnable release) {
      this.release = release;
    }

    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        release.run();
      }
    }
  }
}
