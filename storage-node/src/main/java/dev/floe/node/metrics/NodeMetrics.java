package dev.floe.node.metrics;

import dev.floe.core.encoding.SliverType;
import dev.floe.core.protocol.ErrorReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The node's Prometheus metrics (names follow Walrus's node metrics where they exist). Every meter
 * carries the tag {@code node=<name>}.
 */
public final class NodeMetrics {
  private final PrometheusMeterRegistry registry;
  private final String node;
  private final Counter metadataStored;
  private final Counter metadataBytesStored;
  private final Map<SliverType, Counter> sliverBytesStored = new EnumMap<>(SliverType.class);
  private final Map<SliverType, Counter> sliversStored = new EnumMap<>(SliverType.class);
  private final Map<SliverType, Counter> sliversServed = new EnumMap<>(SliverType.class);
  private final Counter confirmationsIssued;
  private final Counter recoverySymbolsServed;
  private final Counter sliversRecovered;
  private final Counter recoveryFailures;
  private final Counter recoveryBytesDownloaded;
  private final Counter recoveryBytesRebuilt;
  private final Counter eventsProcessed;
  private final Counter blobsRemoved;
  private final Counter attestationsIssued;
  private final Timer recoverSliverDuration;
  private final Counter syncShardRequestsServed;
  private final Counter syncShardSliversSent;
  private final Counter syncShardBytesSent;
  private final Counter syncShardSliversReceived;
  private final Counter syncShardBytesReceived;
  private final Counter syncShardInvalidSlivers;
  private final Counter syncShardFallbackSlivers;
  private final Counter syncShardOwnerFailures;
  private final Map<ErrorReason, Counter> rejected = new ConcurrentHashMap<>();

  /** Metrics of the node called {@code node}. */
  public NodeMetrics(String node) {
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.node = node;
    this.metadataStored = counter("metadata_stored", "metadata uploads stored");
    this.metadataBytesStored = Counter.builder("stored_bytes").description("bytes of metadata and slivers stored")
        .baseUnit("bytes").tag("node", node).tag("kind", "metadata").register(registry);
    for (SliverType t : SliverType.values()) {
      String type = t.name().toLowerCase(java.util.Locale.ROOT);
      sliversStored.put(t, Counter.builder("slivers_stored").description("slivers stored")
          .tag("node", node).tag("type", type).register(registry));
      sliverBytesStored.put(t, Counter.builder("stored_bytes").description("bytes of metadata and slivers stored")
          .baseUnit("bytes").tag("node", node).tag("kind", type).register(registry));
      sliversServed.put(t, Counter.builder("slivers_served").description("slivers served")
          .tag("node", node).tag("type", type).register(registry));
    }
    this.confirmationsIssued = counter("storage_confirmations_issued", "signed storage confirmations");
    this.recoverySymbolsServed = counter("recovery_symbols_served", "recovery symbols sent to peers");
    this.sliversRecovered = counter("slivers_recovered", "slivers rebuilt from peers' symbols");
    this.recoveryFailures = counter("sliver_recovery_failures", "sliver recovery rounds that failed");
    this.recoveryBytesDownloaded = counter("recovery_bytes_downloaded", "bytes fetched from peers to rebuild slivers");
    this.recoveryBytesRebuilt = counter("recovery_bytes_rebuilt", "bytes of slivers rebuilt");
    this.eventsProcessed = counter("events_processed", "chain events processed");
    this.blobsRemoved = counter("blobs_removed", "blobs whose data was removed (deleted, expired, invalid)");
    this.attestationsIssued = counter("invalid_blob_attestations_issued", "signed invalid-blob attestations");
    this.syncShardRequestsServed = counter("sync_shard_requests_served", "sync shard requests answered with slivers");
    this.syncShardSliversSent = counter("sync_shard_slivers_sent", "slivers sent to nodes gaining a shard");
    this.syncShardBytesSent = Counter.builder("sync_shard_bytes_sent").description("bytes of sync shard answers sent")
        .baseUnit("bytes").tag("node", node).register(registry);
    this.syncShardSliversReceived = counter("sync_shard_slivers_received",
        "slivers of gained shards pulled from their previous owner, verified and stored");
    this.syncShardBytesReceived = Counter.builder("sync_shard_bytes_received")
        .description("bytes of sync shard answers received").baseUnit("bytes").tag("node", node).register(registry);
    this.syncShardInvalidSlivers = counter("sync_shard_invalid_slivers",
        "slivers a previous owner sent that did not verify against the blob's metadata (dropped)");
    this.syncShardFallbackSlivers = counter("sync_shard_fallback_slivers",
        "slivers of gained shards left to recovery because the previous owner did not send them");
    this.syncShardOwnerFailures = counter("sync_shard_owner_failures",
        "sync shard requests to a previous owner that failed (unreachable, refused, malformed answer)");
    this.recoverSliverDuration = Timer.builder("recover_sliver_duration").description("time to rebuild one sliver")
        .tag("node", node).publishPercentiles(0.5, 0.99).register(registry);
  }

  private Counter counter(String name, String description) {
    return Counter.builder(name).description(description).tag("node", node).register(registry);
  }

  /** Registers a gauge read from {@code value}. */
  public void gauge(String name, String description, Supplier<Number> value) {
    Gauge.builder(name, value).description(description).tag("node", node).register(registry);
  }

  /** The Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }

  /** The underlying registry. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Metadata of {@code bytes} (BCS) stored. */
  public void metadataStored(long bytes) {
    metadataStored.increment();
    metadataBytesStored.increment(bytes);
  }

  /** A sliver of {@code bytes} (BCS) stored: uploaded, moved from the pending buffer, or recovered. */
  public void sliverStored(SliverType type, long bytes) {
    sliversStored.get(type).increment();
    sliverBytesStored.get(type).increment(bytes);
  }

  public void sliverServed(SliverType type) {
    sliversServed.get(type).increment();
  }

  public void confirmationIssued() {
    confirmationsIssued.increment();
  }

  public void recoverySymbolsServed(int count) {
    recoverySymbolsServed.increment(count);
  }

  /** A sliver rebuilt after downloading {@code downloaded} bytes. */
  public void sliverRecovered(long downloaded, long rebuilt, Duration took) {
    sliversRecovered.increment();
    recoveryBytesDownloaded.increment(downloaded);
    recoveryBytesRebuilt.increment(rebuilt);
    recoverSliverDuration.record(took);
  }

  public void recoveryFailed() {
    recoveryFailures.increment();
  }

  public void eventProcessed() {
    eventsProcessed.increment();
  }

  public void blobRemoved() {
    blobsRemoved.increment();
  }

  public void attestationIssued() {
    attestationsIssued.increment();
  }

  /** A request rejected with {@code reason}. */
  public void rejected(ErrorReason reason) {
    rejected.computeIfAbsent(reason, r -> Counter.builder("requests_rejected").description("rejected requests")
        .tag("node", node).tag("reason", r.name()).register(registry)).increment();
  }

  /** A sync shard request answered with {@code slivers} slivers in {@code bytes} bytes. */
  public void syncShardServed(int slivers, long bytes) {
    syncShardRequestsServed.increment();
    syncShardSliversSent.increment(slivers);
    syncShardBytesSent.increment(bytes);
  }

  /** A sync shard answer of {@code bytes} bytes received from a previous owner. */
  public void syncShardAnswerReceived(long bytes) {
    syncShardBytesReceived.increment(bytes);
  }

  /** {@code slivers} pulled slivers verified and stored. */
  public void syncShardSliversStored(int slivers) {
    syncShardSliversReceived.increment(slivers);
  }

  /** A pulled sliver that did not verify. */
  public void syncShardInvalidSliver() {
    syncShardInvalidSlivers.increment();
  }

  /** {@code slivers} slivers of a gained shard handed to recovery. */
  public void syncShardFallback(int slivers) {
    syncShardFallbackSlivers.increment(slivers);
  }

  /** A failed request to a previous owner. */
  public void syncShardOwnerFailure() {
    syncShardOwnerFailures.increment();
  }

  /** Slivers pulled through sync shard so far. */
  public double syncShardSliversReceived() {
    return syncShardSliversReceived.count();
  }

  /** Bytes of sync shard answers received so far. */
  public double syncShardBytesReceived() {
    return syncShardBytesReceived.count();
  }

  /** Slivers handed from shard sync to recovery so far. */
  public double syncShardFallbackSlivers() {
    return syncShardFallbackSlivers.count();
  }

  /** Slivers sent to nodes gaining a shard so far. */
  public double syncShardSliversSent() {
    return syncShardSliversSent.count();
  }

  /** Bytes downloaded for recovery so far. */
  public double recoveryBytesDownloaded() {
    return recoveryBytesDownloaded.count();
  }

  /** Bytes of slivers rebuilt so far. */
  public double recoveryBytesRebuilt() {
    return recoveryBytesRebuilt.count();
  }

  /** Slivers rebuilt so far. */
  public double sliversRecovered() {
    return sliversRecovered.count();
  }
}
