package org.inputdesk.publisher.store;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * One block cache and one memtable budget for all the publisher's RocksDB stores, however many
 * stores and partitions there are: by default each store instance gets its own cache and memtables,
 * and the publisher has eleven stores per partition. Reads and writes nothing.
 */
public final class BoundedRocksDb implements RocksDBConfigSetter {

  static final long CACHE_BYTES = 32L * 1024 * 1024;
  static final long MEMTABLE_BYTES = 16L * 1024 * 1024;

  /** Made on first use: the native library is loaded by then (this class is loaded before). */
  private static final class Shared {
    static final Cache CACHE = new LRUCache(CACHE_BYTES, -1, false, 0.1);
    static final WriteBufferManager WRITE_BUFFERS = new WriteBufferManager(MEMTABLE_BYTES, CACHE);
  }

  @Override
  public void setConfig(
      final String storeName, final Options options, final Map<String, Object> configs) {
    final BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(Shared.CACHE);
    table.setCacheIndexAndFilterBlocks(true);
    table.setPinTopLevelIndexAndFilter(true);
    options.setWriteBufferManager(Shared.WRITE_BUFFERS);
    options.setWriteBufferSize(4L * 1024 * 1024);
    options.setMaxWriteBufferNumber(2);
    options.setTableFormatConfig(table);
  }

  @Override
  public void close(final String storeName, final Options options) {
    // The cache and the write buffer manager are shared by every store: never closed here.
  }
}
