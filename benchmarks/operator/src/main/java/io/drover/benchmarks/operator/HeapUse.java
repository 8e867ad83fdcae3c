package io.drover.benchmarks.operator;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Java heap's used and committed sizes from {@code jcmd GC.heap_info}: the sum over the
 * generations (young and old of the Parallel or Serial collector).
 */
record HeapUse(long usedKib, long committedKib) {

  private static final Pattern GENERATION =
      Pattern.compile(
          "^ (?:PSYoungGen|ParOldGen|def new generation|tenured generation)\\s+total (\\d+)K, used (\\d+)K",
          Pattern.MULTILINE);

  static HeapUse parse(String heapInfo) {
    Matcher generation = GENERATION.matcher(heapInfo);
    long used = 0;
    long committed = 0;
    int found = 0;
    while (generation.find()) {
      committed += Long.parseLong(generation.group(1));
      used += Long.parseLong(generation.group(2));
      found++;
    }
    if (found != 2) {
      throw new IllegalArgumentException(
          "expected a young and an old generation in GC.heap_info, found " + found);
    }
    return new HeapUse(used, committed);
  }
}
