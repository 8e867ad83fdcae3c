package io.drover.local.runner.jobs;

import java.util.SortedSet;

/** Completion indexes written as the Job status writes them: {@code 0-3,5,7-8}. */
final class IndexRanges {

  private IndexRanges() {}

  static String format(SortedSet<Integer> indexes) {
    StringBuilder out = new StringBuilder();
    Integer start = null;
    Integer previous = null;
    for (int index : indexes) {
      if (start == null) {
        start = index;
      } else if (index != previous + 1) {
        append(out, start, previous);
        start = index;
      }
      previous = index;
    }
    if (start != null) {
      append(out, start, previous);
    }
    return out.toString();
  }

  private static void append(StringBuilder out, int from, int to) {
    if (out.length() > 0) {
      out.append(',');
    }
    out.append(from);
    if (to > from) {
      out.append('-').append(to);
    }
  }
}
