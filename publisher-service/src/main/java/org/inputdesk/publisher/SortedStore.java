package org.inputdesk.publisher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.CompressionType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Byte keys to byte values in key order (unsigned bytes), with atomic batches: what the catalogue
 * keeps its index, texts and read positions in. {@link #rocksDb} keeps them on disk in RocksDB (the
 * store Kafka Streams uses), so the heap does not grow with the catalogue and a restart finds them
 * again; {@link #inMemory} is for tests and one-off exports.
 */
interface SortedStore extends AutoCloseable {

  /** Keys to values; a null value deletes the key. Applied all or nothing. */
  final class Batch {
    private final Map<Bytes, byte[]> changes = new LinkedHashMap<>();

    void put(final byte[] key, final byte[] value) {
      changes.put(new Bytes(key), value);
    }

    void delete(final byte[] key) {
      changes.put(new Bytes(key), null);
    }

    /** What this batch will write to the key: the value, null for a delete, absent if untouched. */
    boolean touches(final byte[] key) {
      return changes.containsKey(new Bytes(key));
    }

    byte[] pending(final byte[] key) {
      return changes.get(new Bytes(key));
    }

    Map<Bytes, byte[]> changes() {
      return changes;
    }

    boolean isEmpty() {
      return changes.isEmpty();
    }
  }

  /** A byte array compared by content, for map keys. */
  record Bytes(byte[] bytes) {
    @Override
    public boolean equals(final Object o) {
      return o instanceof Bytes b && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return Arrays.toString(bytes);
    }
  }

  /** Gets each key and value in order; returns false to stop. */
  interface Visitor {
    boolean visit(byte[] key, byte[] value);
  }

  byte[] get(byte[] key);

  /** Visits the keys that start with {@code prefix}, from {@code from} (null: the first) on. */
  void scan(byte[] prefix, byte[] from, Visitor visitor);

  void write(Batch batch);

  /** The greatest key that starts with {@code prefix}, or null when there is none. */
  byte[] lastKey(byte[] prefix);

  /** Deletes everything. */
  void clear();

  @Override
  void close();

  /** Keeps everything on the heap. */
  static SortedStore inMemory() {
    return new Memory();
  }

  /** Keeps everything in a RocksDB database in {@code dir}, created when missing. */
  static SortedStore rocksDb(final Path dir) {
    return new Rocks(dir);
  }

  /** Whether {@code key} starts with {@code prefix}. */
  static boolean startsWith(final byte[] key, final byte[] prefix) {
    return key.length >= prefix.length
        && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  /** The first key after every key starting with {@code prefix}, or null when there is none. */
  static byte[] after(final byte[] prefix) {
    final byte[] end = prefix.clone();
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xff) {
        end[i]++;
        return Arrays.copyOf(end, i + 1);
      }
    }
    return null;
  }

  /** The heap version: a skip list in unsigned byte order. */
  final class Memory implements SortedStore {
    private final ConcurrentSkipListMap<byte[], byte[]> map =
        new ConcurrentSkipListMap<>(Arrays::compareUnsigned);

    @Override
    public byte[] get(final byte[] key) {
      return map.get(key);
    }

    @Override
    public void scan(final byte[] prefix, final byte[] from, final Visitor visitor) {
      final byte[] start = from == null ? prefix : from;
      for (final Map.Entry<byte[], byte[]> e : map.tailMap(start, true).entrySet()) {
        if (!startsWith(e.getKey(), prefix) || !visitor.visit(e.getKey(), e.getValue())) {
          return;
        }
      }
    }

    @Override
    public void write(final Batch batch) {
      for (final Map.Entry<Bytes, byte[]> e : batch.changes().entrySet()) {
        if (e.getValue() == null) {
          map.remove(e.getKey().bytes());
        } else {
          map.put(e.getKey().bytes(), e.getValue());
        }
      }
    }

    @Override
    public byte[] lastKey(final byte[] prefix) {
      final byte[] end = after(prefix);
      final Map.Entry<byte[], byte[]> last = end == null ? map.lastEntry() : map.lowerEntry(end);
      return last != null && startsWith(last.getKey(), prefix) ? last.getKey() : null;
    }

    @Override
    public void clear() {
      map.clear();
    }

    @Override
    public void close() {
      map.clear();
    }
  }

  /**
   * RocksDB with a small, fixed block cache and write buffers: its memory is bounded whatever the
   * size of the catalogue. Writes go through the write-ahead log without a sync per batch: the
   * positions are written in the same batch as the changes, so after a crash the catalogue resumes
   * from a consistent point and re-reads the rest from Kafka.
   */
  final class Rocks implements SortedStore {
    static {
      RocksDB.loadLibrary();
    }

    private final Path dir;
    private final LRUCache cache = new LRUCache(16L * 1024 * 1024);
    private final WriteOptions writeOptions = new WriteOptions();
    private Options options;
    private RocksDB db;

    Rocks(final Path dir) {
      this.dir = dir;
      open();
    }

    private void open() {
      try {
        Files.createDirectories(dir);
        options =
            new Options()
                .setCreateIfMissing(true)
                .setWriteBufferSize(8L * 1024 * 1024)
                .setMaxWriteBufferNumber(2)
                .setMaxOpenFiles(256)
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setTableFormatConfig(
                    new BlockBasedTableConfig()
                        .setBlockCache(cache)
                        .setCacheIndexAndFilterBlocks(true));
        db = RocksDB.open(options, dir.toString());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the catalogue directory " + dir, e);
      } catch (RocksDBException e) {
        throw new IllegalStateException(
            "cannot open the catalogue in " + dir + ": " + e.getMessage(), e);
      }
    }

    @Override
    public byte[] get(final byte[] key) {
      try {
        return db.get(key);
      } catch (RocksDBException e) {
        throw new IllegalStateException("catalogue read failed: " + e.getMessage(), e);
      }
    }

    @Override
    public void scan(final byte[] prefix, final byte[] from, final Visitor visitor) {
      final byte[] end = after(prefix);
      final org.rocksdb.Slice bound = end == null ? null : new org.rocksdb.Slice(end);
      try (ReadOptions read = new ReadOptions()) {
        if (bound != null) {
          read.setIterateUpperBound(bound);
        }
        try (RocksIterator it = db.newIterator(read)) {
          for (it.seek(from == null ? prefix : from); it.isValid(); it.next()) {
            final byte[] key = it.key();
            if (!startsWith(key, prefix) || !visitor.visit(key, it.value())) {
              break;
            }
          }
        }
      } finally {
        if (bound != null) {
          bound.close();
        }
      }
    }

    @Override
    public void write(final Batch batch) {
      try (WriteBatch rocks = new WriteBatch()) {
        for (final Map.Entry<Bytes, byte[]> e : batch.changes().entrySet()) {
          if (e.getValue() == null) {
            rocks.delete(e.getKey().bytes());
          } else {
            rocks.put(e.getKey().bytes(), e.getValue());
          }
        }
        db.write(writeOptions, rocks);
      } catch (RocksDBException e) {
        throw new IllegalStateException("catalogue write failed: " + e.getMessage(), e);
      }
    }

    @Override
    public byte[] lastKey(final byte[] prefix) {
      final byte[] end = after(prefix);
      try (RocksIterator it = db.newIterator()) {
        if (end == null) {
          it.seekToLast();
        } else {
          it.seekForPrev(end);
          if (it.isValid() && java.util.Arrays.equals(it.key(), end)) {
            it.prev();
          }
        }
        return it.isValid() && startsWith(it.key(), prefix) ? it.key() : null;
      }
    }

    @Override
    public void clear() {
      closeDb();
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot clear the catalogue in " + dir, e);
      }
      open();
    }

    private void closeDb() {
      if (db != null) {
        try {
          // Flush so that the next start reads tables rather than replaying the log.
          db.syncWal();
        } catch (RocksDBException e) {
          // Closing anyway: the log is replayed on the next open.
        }
        db.close();
        db = null;
      }
      if (options != null) {
        options.close();
        options = null;
      }
    }

    @Override
    public void close() {
      closeDb();
      writeOptions.close();
      cache.close();
    }
  }
}
