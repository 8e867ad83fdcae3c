package io.drover.serving.monitoring;

import java.nio.charset.StandardCharsets;

/**
 * Predictions awaiting ground truth, in primitive arrays: a ring of predicted classes bounded by
 * rows, a ring of entries, and an open-addressing index from a 64-bit hash of the request id. Held
 * for seconds to minutes under load, a map of objects would be copied by every young collection
 * (measured: 100–200 ms pauses at 13k requests/s with 100,000 rows held); these arrays are not.
 *
 * <p>Ids are kept as hashes: two live ids sharing a 64-bit hash (odds about 1 in 10^9 with 100,000
 * held) would share an entry, the later replacing the earlier. Not thread-safe; the ledger locks.
 */
final class PendingPredictions {

  private static final long EMPTY = 0;

  private final short[] classes;
  private final long[] entryKey;
  private final int[] entryStart;
  private final int[] entryRows;
  private final long[] tableKey;
  private final int[] tableEntry;
  private final int mask;
  private int rowHead;
  private int rowsUsed;
  private int entryHead;
  private int entryTail;
  private int entries;
  private int live;
  private long liveRows;

  /**
   * @param maxRows predicted rows held at most; also the most entries
   */
  PendingPredictions(int maxRows) {
    classes = new short[maxRows];
    entryKey = new long[maxRows];
    entryStart = new int[maxRows];
    entryRows = new int[maxRows];
    int table = Integer.highestOneBit(Math.max(4, maxRows) * 2 - 1) << 1;
    tableKey = new long[table];
    tableEntry = new int[table];
    mask = table - 1;
  }

  /** Holds a prediction, forgetting the oldest ones as needed; more rows than fit are not held. */
  void put(String id, int[] predicted) {
    long key = key(id);
    remove(key);
    int rows = predicted.length;
    if (rows > classes.length) {
      return;
    }
    while (entries == entryKey.length || rowsUsed + rows > classes.length) {
      evictOldest();
    }
    int entry = entryHead;
    entryHead = (entryHead + 1) % entryKey.length;
    entries++;
    entryKey[entry] = key;
    entryStart[entry] = rowHead;
    entryRows[entry] = rows;
    for (int cls : predicted) {
      classes[rowHead] = (short) cls;
      rowHead = (rowHead + 1) % classes.length;
    }
    rowsUsed += rows;
    insert(key, entry);
    live++;
    liveRows += rows;
  }

  /** The held prediction for {@code id}, or {@code null}. */
  int[] get(String id) {
    int entry = find(key(id));
    if (entry < 0) {
      return null;
    }
    int[] predicted = new int[entryRows[entry]];
    for (int i = 0; i < predicted.length; i++) {
      predicted[i] = classes[(entryStart[entry] + i) % classes.length] & 0xffff;
    }
    return predicted;
  }

  /** Forgets {@code id}; its rows are reclaimed when the ring reaches them. */
  void remove(String id) {
    remove(key(id));
  }

  int liveEntries() {
    return live;
  }

  long liveRows() {
    return liveRows;
  }

  private void remove(long key) {
    int slot = slotOf(key);
    if (slot < 0) {
      return;
    }
    int entry = tableEntry[slot];
    live--;
    liveRows -= entryRows[entry];
    entryKey[entry] = EMPTY;
    deleteSlot(slot);
  }

  private void evictOldest() {
    int entry = entryTail;
    if (entryKey[entry] != EMPTY) {
      remove(entryKey[entry]);
    }
    rowsUsed -= entryRows[entry];
    entryRows[entry] = 0;
    entryTail = (entryTail + 1) % entryKey.length;
    entries--;
  }

  private int find(long key) {
    int slot = slotOf(key);
    return slot < 0 ? -1 : tableEntry[slot];
  }

  private int slotOf(long key) {
    for (int slot = (int) mix(key) & mask; tableKey[slot] != EMPTY; slot = (slot + 1) & mask) {
      if (tableKey[slot] == key) {
        return slot;
      }
    }
    return -1;
  }

  private void insert(long key, int entry) {
    int slot = (int) mix(key) & mask;
    while (tableKey[slot] != EMPTY) {
      slot = (slot + 1) & mask;
    }
    tableKey[slot] = key;
    tableEntry[slot] = entry;
  }

  /** Linear-probing deletion by backward shift: no tombstones, so probes stay short. */
  private void deleteSlot(int slot) {
    int hole = slot;
    for (int next = (hole + 1) & mask; tableKey[next] != EMPTY; next = (next + 1) & mask) {
      int home = (int) mix(tableKey[next]) & mask;
      boolean movable = hole <= next ? home <= hole || home > next : home <= hole && home > next;
      if (movable) {
        tableKey[hole] = tableKey[next];
        tableEntry[hole] = tableEntry[next];
        hole = next;
      }
    }
    tableKey[hole] = EMPTY;
  }

  /** FNV-1a over the id's UTF-8 bytes; 0 is reserved for empty slots. */
  static long key(String id) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return hash == EMPTY ? 1 : hash;
  }

  private static long mix(long key) {
    key ^= key >>> 33;
    key *= 0xff51afd7ed558ccdL;
    key ^= key >>> 33;
    return key;
  }
}
