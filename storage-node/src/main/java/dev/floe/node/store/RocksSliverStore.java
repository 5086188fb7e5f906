package dev.floe.node.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.floe.core.blob.BlobId;
import dev.floe.core.encoding.SliverType;
import dev.floe.node.chain.EventCursor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SliverStore} on RocksDB with one column family per kind of state, large sliver values in
 * blob files, synced writes, and Caffeine caches (bounded by bytes) in front of metadata and sliver
 * reads. Thread-safe.
 */
public final class RocksSliverStore implements SliverStore {
  private static final Logger LOG = LoggerFactory.getLogger(RocksSliverStore.class);

  static final String CF_METADATA = "metadata";
  static final String CF_PRIMARY = "primary_slivers";
  static final String CF_SECONDARY = "secondary_slivers";
  static final String CF_BLOB_INFO = "blob_info";
  static final String CF_SHARD_STATUS = "shard_status";
  static final String CF_EVENT_CURSOR = "event_cursor";
  private static final byte[] CURSOR_KEY = "cursor".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] COUNT_KEY = "processed".getBytes(StandardCharsets.US_ASCII);

  static {
    RocksDB.loadLibrary();
  }

  /** How soon after a removal its space is compacted (removals in between share the pass). */
  static final long RECLAIM_DELAY_MILLIS = 1_000;
  /** Least time between two compactions of whole column families (after many removals at once). */
  static final long RECLAIM_FULL_PASS_INTERVAL_MILLIS = 600_000;

  /** Cache key of one sliver. */
  private record SliverCacheKey(BlobId blobId, int pairIndex, SliverType type) {}

  private final String logName;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions smallOptions;
  private final ColumnFamilyOptions sliverOptions;
  private final WriteOptions syncWrite;
  private final RocksDB db;
  private final List<ColumnFamilyHandle> handles;
  private final ColumnFamilyHandle metadataCf;
  private final ColumnFamilyHandle primaryCf;
  private final ColumnFamilyHandle secondaryCf;
  private final ColumnFamilyHandle blobInfoCf;
  private final ColumnFamilyHandle shardCf;
  private final ColumnFamilyHandle cursorCf;
  private final Cache<BlobId, byte[]> metadataCache;
  private final Cache<SliverCacheKey, byte[]> sliverCache;
  /** Bumped after every write: readers filling a cache from disk check it did not move meanwhile. */
  private final AtomicLong writes = new AtomicLong();
  private final java.util.concurrent.locks.ReentrantReadWriteLock closeLock =
      new java.util.concurrent.locks.ReentrantReadWriteLock();
  private volatile boolean closed;
  /** Compacts the ranges of removed blobs, so that removal frees disk space and does not only hide data. */
  private final SpaceReclaimer reclaimer;

  private RocksSliverStore(String logName, Path dir, long metadataCacheBytes, long sliverCacheBytes)
      throws RocksDBException {
    this.logName = logName;
    this.dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
        .setMaxOpenFiles(512).setKeepLogFileNum(4);
    this.smallOptions = new ColumnFamilyOptions().setCompressionType(CompressionType.LZ4_COMPRESSION);
    this.sliverOptions = new ColumnFamilyOptions()
        .setCompressionType(CompressionType.NO_COMPRESSION)
        .setEnableBlobFiles(true)
        .setMinBlobSize(4096)
        .setEnableBlobGarbageCollection(true)
        .setBlobCompressionType(CompressionType.NO_COMPRESSION);
    this.syncWrite = new WriteOptions().setSync(true);
    List<ColumnFamilyDescriptor> descriptors = List.of(
        new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, smallOptions),
        new ColumnFamilyDescriptor(bytes(CF_METADATA), smallOptions),
        new ColumnFamilyDescriptor(bytes(CF_PRIMARY), sliverOptions),
        new ColumnFamilyDescriptor(bytes(CF_SECONDARY), sliverOptions),
        new ColumnFamilyDescriptor(bytes(CF_BLOB_INFO), smallOptions),
        new ColumnFamilyDescriptor(bytes(CF_SHARD_STATUS), smallOptions),
        new ColumnFamilyDescriptor(bytes(CF_EVENT_CURSOR), smallOptions));
    this.handles = new ArrayList<>();
    this.db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
    this.metadataCf = handles.get(1);
    this.primaryCf = handles.get(2);
    this.secondaryCf = handles.get(3);
    this.blobInfoCf = handles.get(4);
    this.shardCf = handles.get(5);
    this.cursorCf = handles.get(6);
    this.reclaimer = new SpaceReclaimer(logName, db, List.of(metadataCf, primaryCf, secondaryCf),
        closeLock.readLock(), RECLAIM_DELAY_MILLIS, RECLAIM_FULL_PASS_INTERVAL_MILLIS);
    this.metadataCache = Caffeine.newBuilder()
        .maximumWeight(Math.max(metadataCacheBytes, 1))
        .weigher((BlobId k, byte[] v) -> v.length + 64)
        .build();
    this.sliverCache = Caffeine.newBuilder()
        .maximumWeight(Math.max(sliverCacheBytes, 1))
        .weigher((SliverCacheKey k, byte[] v) -> v.length + 64)
        .build();
  }

  /**
   * Opens (creating if needed) the database in {@code dir}.
   *
   * @param logName prefix for log lines (the node's name)
   * @param metadataCacheBytes bound of the metadata cache
   * @param sliverCacheBytes bound of the sliver cache
   */
  public static RocksSliverStore open(String logName, Path dir, long metadataCacheBytes, long sliverCacheBytes) {
    try {
      Files.createDirectories(dir);
      RocksSliverStore store = new RocksSliverStore(logName, dir, metadataCacheBytes, sliverCacheBytes);
      LOG.info("{}: opened sliver store at {} (cursor {})", logName, dir,
          store.eventCursor().map(Object::toString).orElse("none"));
      return store;
    } catch (RocksDBException | java.io.IOException e) {
      throw new StoreException("cannot open the sliver store at " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<byte[]> metadata(BlobId blobId) {
    byte[] cached = metadataCache.getIfPresent(blobId);
    if (cached != null) {
      return Optional.of(cached);
    }
    long generation = writes.get();
    byte[] v = get(metadataCf, SliverKey.blob(blobId));
    if (v != null) {
      metadataCache.put(blobId, v);
      if (writes.get() != generation) {
        metadataCache.invalidate(blobId); // a write (maybe this blob's removal) raced with the disk read
      }
    }
    return Optional.ofNullable(v);
  }

  @Override
  public boolean hasMetadata(BlobId blobId) {
    return metadataCache.getIfPresent(blobId) != null || exists(metadataCf, SliverKey.blob(blobId));
  }

  @Override
  public void putMetadata(BlobId blobId, byte[] bcs) {
    put(metadataCf, SliverKey.blob(blobId), bcs);
    metadataCache.put(blobId, bcs);
  }

  @Override
  public Optional<byte[]> sliver(BlobId blobId, int pairIndex, SliverType type) {
    SliverCacheKey key = new SliverCacheKey(blobId, pairIndex, type);
    byte[] cached = sliverCache.getIfPresent(key);
    if (cached != null) {
      return Optional.of(cached);
    }
    long generation = writes.get();
    byte[] v = get(sliverCf(type), SliverKey.sliver(blobId, pairIndex));
    if (v != null) {
      sliverCache.put(key, v);
      if (writes.get() != generation) {
        sliverCache.invalidate(key); // a write (maybe this blob's removal) raced with the disk read
      }
    }
    return Optional.ofNullable(v);
  }

  @Override
  public boolean hasSliver(BlobId blobId, int pairIndex, SliverType type) {
    return sliverCache.getIfPresent(new SliverCacheKey(blobId, pairIndex, type)) != null
        || exists(sliverCf(type), SliverKey.sliver(blobId, pairIndex));
  }

  @Override
  public void putSliver(BlobId blobId, int pairIndex, SliverType type, byte[] bcs) {
    put(sliverCf(type), SliverKey.sliver(blobId, pairIndex), bcs);
    writes.incrementAndGet();
    sliverCache.invalidate(new SliverCacheKey(blobId, pairIndex, type));
  }

  @Override
  public Optional<BlobInfo> blobInfo(BlobId blobId) {
    byte[] v = get(blobInfoCf, SliverKey.blob(blobId));
    return v == null ? Optional.empty() : Optional.of(decodeInfo(blobId, v));
  }

  @Override
  public void forEachBlobInfo(BiConsumer<BlobId, BlobInfo> action) {
    forEachBlobInfoFrom(BlobId.of(new byte[BlobId.LENGTH]), (id, info) -> {
      action.accept(id, info);
      return true;
    });
  }

  @Override
  public void forEachBlobInfoFrom(BlobId from, BiPredicate<BlobId, BlobInfo> action) {
    closeLock.readLock().lock();
    try {
      checkOpen();
      try (RocksIterator it = db.newIterator(blobInfoCf)) {
        for (it.seek(SliverKey.blob(from)); it.isValid(); it.next()) {
          BlobId id = BlobId.of(it.key());
          if (!action.test(id, decodeInfo(id, it.value()))) {
            break;
          }
        }
        it.status();
      } catch (RocksDBException e) {
        throw new StoreException("cannot iterate blob info: " + e.getMessage(), e);
      }
    } finally {
      closeLock.readLock().unlock();
    }
  }

  @Override
  public Map<Integer, ShardState> shardStates() {
    Map<Integer, ShardState> out = new TreeMap<>();
    readShards((shard, value) -> out.put(shard, ShardState.valueOf(stateName(value))));
    return out;
  }

  @Override
  public Map<Integer, SyncProgress> shardSyncProgress() {
    Map<Integer, SyncProgress> out = new TreeMap<>();
    readShards((shard, value) -> {
      int bar = value.indexOf('|');
      if (bar >= 0) {
        out.put(shard, SyncProgress.decode(value.substring(bar + 1)));
      }
    });
    return out;
  }

  /** The shard record: the state's name, then {@code |progress} for a shard being pulled. */
  private static String stateName(String value) {
    int bar = value.indexOf('|');
    return bar < 0 ? value : value.substring(0, bar);
  }

  private void readShards(BiConsumer<Integer, String> action) {
    closeLock.readLock().lock();
    try {
      checkOpen();
      try (RocksIterator it = db.newIterator(shardCf)) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          int shard = ByteBuffer.wrap(it.key()).getShort() & 0xFFFF;
          action.accept(shard, new String(it.value(), StandardCharsets.US_ASCII));
        }
        it.status();
      } catch (RocksDBException | IllegalArgumentException e) {
        throw new StoreException("cannot read shard states: " + e.getMessage(), e);
      }
    } finally {
      closeLock.readLock().unlock();
    }
  }

  @Override
  public Optional<EventCursor> eventCursor() {
    byte[] v = get(cursorCf, CURSOR_KEY);
    if (v == null) {
      return Optional.empty();
    }
    return Optional.of(decodeCursor(v));
  }

  /** Block number and log index (8 bytes each, big-endian), then the block hash in ASCII when known. */
  static byte[] encodeCursor(EventCursor c) {
    byte[] hash = c.knownBlockHash().map(h -> h.getBytes(StandardCharsets.US_ASCII)).orElse(new byte[0]);
    return ByteBuffer.allocate(16 + hash.length).putLong(c.blockNumber()).putLong(c.logIndex()).put(hash).array();
  }

  /** Reads {@link #encodeCursor}'s form (and the 16-byte form of stores written before hashes were kept). */
  static EventCursor decodeCursor(byte[] v) {
    if (v.length < 16) {
      throw new StoreException("event cursor record has " + v.length + " bytes, expected at least 16");
    }
    ByteBuffer b = ByteBuffer.wrap(v);
    long block = b.getLong();
    long log = b.getLong();
    String hash = v.length == 16 ? null : new String(v, 16, v.length - 16, StandardCharsets.US_ASCII);
    return new EventCursor(block, log, hash);
  }

  @Override
  public long eventsProcessed() {
    byte[] v = get(cursorCf, COUNT_KEY);
    return v == null ? 0 : ByteBuffer.wrap(v).getLong();
  }

  @Override
  public synchronized void commit(StoreBatch batch) {
    closeLock.readLock().lock();
    try {
      checkOpen();
      if (batch.isEmpty()) {
        return;
      }
      List<Runnable> cacheUpdates = new ArrayList<>();
      java.util.Set<BlobId> removed = new java.util.HashSet<>();
      try (WriteBatch wb = new WriteBatch()) {
        for (StoreBatch.Op op : batch.ops()) {
          switch (op) {
            case StoreBatch.PutBlobInfo p -> wb.put(blobInfoCf, SliverKey.blob(p.blobId()), p.info().toBytes());
            case StoreBatch.DeleteBlobInfo d -> wb.delete(blobInfoCf, SliverKey.blob(d.blobId()));
            case StoreBatch.DeleteBlobData d -> {
              wb.delete(metadataCf, SliverKey.blob(d.blobId()));
              wb.deleteRange(primaryCf, SliverKey.rangeStart(d.blobId()), SliverKey.rangeEnd(d.blobId()));
              wb.deleteRange(secondaryCf, SliverKey.rangeStart(d.blobId()), SliverKey.rangeEnd(d.blobId()));
              cacheUpdates.add(() -> invalidateBlob(d.blobId()));
              removed.add(d.blobId());
            }
            case StoreBatch.PutMetadata p -> {
              wb.put(metadataCf, SliverKey.blob(p.blobId()), p.bcs());
              cacheUpdates.add(() -> metadataCache.invalidate(p.blobId()));
            }
            case StoreBatch.PutSliver p -> {
              wb.put(sliverCf(p.type()), SliverKey.sliver(p.blobId(), p.pairIndex()), p.bcs());
              cacheUpdates.add(() -> sliverCache.invalidate(new SliverCacheKey(p.blobId(), p.pairIndex(), p.type())));
            }
            case StoreBatch.PutShardState p ->
                wb.put(shardCf, shardKey(p.shard()), p.state().name().getBytes(StandardCharsets.US_ASCII));
            case StoreBatch.DeleteShardState d -> wb.delete(shardCf, shardKey(d.shard()));
            case StoreBatch.PutShardSync p -> wb.put(shardCf, shardKey(p.shard()),
                (ShardState.ACTIVE_SYNC.name() + "|" + p.progress().encode()).getBytes(StandardCharsets.US_ASCII));
            case StoreBatch.DeleteSliver d -> {
              wb.delete(sliverCf(d.type()), SliverKey.sliver(d.blobId(), d.pairIndex()));
              cacheUpdates.add(() -> sliverCache.invalidate(new SliverCacheKey(d.blobId(), d.pairIndex(), d.type())));
              removed.add(d.blobId());
            }
          }
        }
        if (batch.cursor().isPresent()) {
          EventCursor c = batch.cursor().get();
          wb.put(cursorCf, CURSOR_KEY, encodeCursor(c));
          long count = eventsProcessed() + batch.eventsProcessed();
          wb.put(cursorCf, COUNT_KEY, ByteBuffer.allocate(8).putLong(count).array());
        }
        db.write(syncWrite, wb);
      } catch (RocksDBException e) {
        throw new StoreException("cannot commit a batch of " + batch.ops().size() + " changes: " + e.getMessage(), e);
      }
      // after the write, before the invalidations: a reader that loaded an older value from disk and
      // cached it after these invalidations sees the new generation and drops its entry
      writes.incrementAndGet();
      cacheUpdates.forEach(Runnable::run);
      reclaimer.removed(removed);
    } finally {
      closeLock.readLock().unlock();
    }
  }

  @Override
  public long approximateSliverBytes() {
    closeLock.readLock().lock();
    try {
      checkOpen();
      long total = 0;
      try {
        for (ColumnFamilyHandle cf : List.of(primaryCf, secondaryCf)) {
          total += db.getLongProperty(cf, "rocksdb.estimate-live-data-size");
          total += db.getLongProperty(cf, "rocksdb.live-blob-file-size");
        }
      } catch (RocksDBException e) {
        throw new StoreException("cannot read store size: " + e.getMessage(), e);
      }
      return total;
    } finally {
      closeLock.readLock().unlock();
    }
  }

  /** Flushes memtables and compacts the sliver column families (reclaims deleted space). */
  public void compact() {
    closeLock.readLock().lock();
    try {
      checkOpen();
      try {
        for (ColumnFamilyHandle cf : List.of(metadataCf, primaryCf, secondaryCf)) {
          db.compactRange(cf);
        }
      } catch (RocksDBException e) {
        throw new StoreException("compaction failed: " + e.getMessage(), e);
      }
    } finally {
      closeLock.readLock().unlock();
    }
  }

  @Override
  public void close() {
    reclaimer.close(); // before the exclusive lock: a running compaction holds the shared one
    closeLock.writeLock().lock();
    try {
      closeLocked();
    } finally {
      closeLock.writeLock().unlock();
    }
  }

  private void closeLocked() {
    if (closed) {
      return;
    }
    closed = true;
    metadataCache.invalidateAll();
    sliverCache.invalidateAll();
    for (ColumnFamilyHandle h : handles) {
      h.close();
    }
    db.close();
    syncWrite.close();
    dbOptions.close();
    smallOptions.close();
    sliverOptions.close();
    LOG.info("{}: closed sliver store", logName);
  }

  private void invalidateBlob(BlobId blobId) {
    metadataCache.invalidate(blobId);
    sliverCache.asMap().keySet().removeIf(k -> k.blobId().equals(blobId));
  }

  private ColumnFamilyHandle sliverCf(SliverType type) {
    return type == SliverType.PRIMARY ? primaryCf : secondaryCf;
  }

  private byte[] get(ColumnFamilyHandle cf, byte[] key) {
    return guarded(() -> {
      try {
        return db.get(cf, key);
      } catch (RocksDBException e) {
        throw new StoreException("read failed: " + e.getMessage(), e);
      }
    });
  }

  private boolean exists(ColumnFamilyHandle cf, byte[] key) {
    return guarded(() -> db.keyExists(cf, key));
  }

  private void put(ColumnFamilyHandle cf, byte[] key, byte[] value) {
    guarded(() -> {
      try {
        db.put(cf, syncWrite, key, value);
        return null;
      } catch (RocksDBException e) {
        throw new StoreException("write failed: " + e.getMessage(), e);
      }
    });
  }

  private BlobInfo decodeInfo(BlobId id, byte[] v) {
    try {
      return BlobInfo.fromBytes(v);
    } catch (RuntimeException e) {
      throw new StoreException("corrupt blob info for " + id + ": " + e.getMessage(), e);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new StoreException("the sliver store is closed");
    }
  }

  /** Runs {@code op} while the database cannot be closed underneath it. */
  private <T> T guarded(java.util.function.Supplier<T> op) {
    closeLock.readLock().lock();
    try {
      checkOpen();
      return op.get();
    } finally {
      closeLock.readLock().unlock();
    }
  }

  private static byte[] shardKey(int shard) {
    return ByteBuffer.allocate(2).putShort((short) shard).array();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
