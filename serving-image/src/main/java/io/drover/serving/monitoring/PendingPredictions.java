package io.drover.serving.monitoring;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Predictions awaiting ground truth, in primitive arrays: a ring of predicted classes bounded by
 * rows, a ring of entries, and an open-addressing index from a 64-bit hash of the request id. Held
 * for seconds to minutes under load, a map of objects would be copied by every young collection
 * (measured: 100–200 ms pauses at 13k requests/s with 100,000 rows held); these arrays are not.
 *
 * <p>When the feedback is persisted the feature rows are held too, in one more primitive ring
 * parallel to the classes ({@code featureWidth} doubles a row), so that a labelled row can be
 * written with the values it was predicted from: the bound stays {@code maxRows} rows, at {@code 2
 * + 8 * featureWidth} bytes a row.
 *
 * <p>Ids are kept as hashes: two live ids sharing a 64-bit hash (odds about 1 in 10^9 with 100,000
 * held) would share an entry, the later replacing the earlier. Not thread-safe; the ledger locks.
 */
final class PendingPredictions {

  private static final long EMPTY = 0;

  private final short[] classes;
  private final int width;
  private final double[] features;
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
    this(maxRows, 0);
  }

  /**
   * @param maxRows predicted rows held at most; also the most entries
   * @param featureWidth feature values held per row; 0 holds none
   */
  PendingPredictions(int maxRows, int featureWidth) {
    classes = new short[maxRows];
    width = featureWidth;
    features = new double[Math.multiplyExact(maxRows, featureWidth)];
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
    put(id, predicted, null);
  }

  /**
   * Holds a prediction and, when this ring holds features, the rows it was made from ({@code
   * rows[i]} has at least {@code featureWidth} values).
   */
  void put(String id, int[] predicted, double[][] rows) {
    long key = key(id);
    remove(key);
    int count = predicted.length;
    if (count > classes.length) {
      return;
    }
    while (entries == entryKey.length || rowsUsed + count > classes.length) {
      evictOldest();
    }
    int entry = entryHead;
    entryHead = (entryHead + 1) % entryKey.length;
    entries++;
    entryKey[entry] = key;
    entryStart[entry] = rowHead;
    entryRows[entry] = count;
    for (int row = 0; row < count; row++) {
      classes[rowHead] = (short) predicted[row];
      if (width > 0) {
        System.arraycopy(rows[row], 0, features, rowHead * width, width);
      }
      rowHead = (rowHead + 1) % classes.length;
    }
    rowsUsed += count;
    insert(key, entry);
    live++;
    liveRows += count;
  }

  /**
   * The feature rows held for {@code id}, or {@code null} when none are (unknown id, or a ring that
   * holds no features).
   */
  double[][] features(String id) {
    int entry = find(key(id));
    if (entry < 0 || width == 0) {
      return null;
    }
    double[][] rows = new double[entryRows[entry]][];
    for (int i = 0; i < rows.length; i++) {
      int row = (entryStart[entry] + i) % classes.length;
      rows[i] = Arrays.copyOfRange(features, row * width, row * width + width);
    }
    return rows;
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
