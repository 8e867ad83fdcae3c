package io.drover.serving.router;

/**
 * Which variant answered a request id, for the ids the router saw, so that feedback goes straight
 * to that variant. Bounded: it holds the last {@code capacity} ids and forgets the oldest first. A
 * forgotten id (or a collision, or a variant no longer in the table) costs a fan-out of the
 * feedback, never a wrong answer: every variant judges feedback by its own ledger.
 *
 * <p>Primitive arrays, not a map of objects: it is written once per request and its entries live
 * for minutes, which a young collection would otherwise copy again and again (the model server
 * measured 100–200 ms pauses for that, see {@code PendingPredictions}). Ids are kept as 64-bit
 * hashes; the variant names are the routing table's own strings, so an entry allocates nothing.
 */
final class AnsweredIds {

  private static final long EMPTY = 0;

  private final long[] tableKey;
  private final String[] tableVariant;
  private final long[] order;
  private final int mask;
  private int oldest;
  private int size;

  /**
   * @param capacity ids held at most; at least 1
   */
  AnsweredIds(int capacity) {
    order = new long[Math.max(1, capacity)];
    int table = Integer.highestOneBit(Math.max(2, order.length) * 2 - 1) << 1;
    tableKey = new long[table];
    tableVariant = new String[table];
    mask = table - 1;
  }

  /** Remembers that {@code variant} answered {@code id}; an id seen again keeps its age. */
  synchronized void remember(String id, String variant) {
    long key = key(id);
    int slot = slotOf(key);
    if (slot >= 0) {
      tableVariant[slot] = variant;
      return;
    }
    if (size == order.length) {
      forget(order[oldest]);
      oldest = (oldest + 1) % order.length;
      size--;
    }
    order[(oldest + size) % order.length] = key;
    size++;
    insert(key, variant);
  }

  /** The variant that answered {@code id}, or null when the router did not see it or forgot it. */
  synchronized String variantOf(String id) {
    int slot = slotOf(key(id));
    return slot < 0 ? null : tableVariant[slot];
  }

  synchronized int size() {
    return size;
  }

  int capacity() {
    return order.length;
  }

  private void forget(long key) {
    int slot = slotOf(key);
    if (slot >= 0) {
      deleteSlot(slot);
    }
  }

  private int slotOf(long key) {
    for (int slot = home(key); tableKey[slot] != EMPTY; slot = (slot + 1) & mask) {
      if (tableKey[slot] == key) {
        return slot;
      }
    }
    return -1;
  }

  private void insert(long key, String variant) {
    int slot = home(key);
    while (tableKey[slot] != EMPTY) {
      slot = (slot + 1) & mask;
    }
    tableKey[slot] = key;
    tableVariant[slot] = variant;
  }

  /** Linear-probing deletion by backward shift: no tombstones, so probes stay short. */
  private void deleteSlot(int slot) {
    int hole = slot;
    for (int next = (hole + 1) & mask; tableKey[next] != EMPTY; next = (next + 1) & mask) {
      int home = home(tableKey[next]);
      boolean movable = hole <= next ? home <= hole || home > next : home <= hole && home > next;
      if (movable) {
        tableKey[hole] = tableKey[next];
        tableVariant[hole] = tableVariant[next];
        hole = next;
      }
    }
    tableKey[hole] = EMPTY;
    tableVariant[hole] = null;
  }

  private int home(long key) {
    key ^= key >>> 33;
    key *= 0xff51afd7ed558ccdL;
    key ^= key >>> 33;
    return (int) key & mask;
  }

  /** FNV-1a over the id's characters; 0 is reserved for empty slots. */
  static long key(String id) {
    long hash = 0xcbf29ce484222325L;
    for (int i = 0; i < id.length(); i++) {
      hash ^= id.charAt(i);
      hash *= 0x100000001b3L;
    }
    return hash == EMPTY ? 1 : hash;
  }
}
