package io.drover.benchmarks.operator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's resident memory as the kernel counts it ({@code /proc/<pid>/status}): what a
 * container's memory limit is measured against.
 *
 * @param rssKib resident set now (VmRSS)
 * @param peakKib highest resident set so far (VmHWM)
 */
record ProcessMemory(long rssKib, long peakKib) {

  static ProcessMemory of(long pid) {
    try {
      return parse(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the memory of process " + pid, e);
    }
  }

  static ProcessMemory parse(String status) {
    return new ProcessMemory(field(status, "VmRSS"), field(status, "VmHWM"));
  }

  double rssMib() {
    return rssKib / 1024.0;
  }

  double peakMib() {
    return peakKib / 1024.0;
  }

  private static long field(String status, String name) {
    for (String line : status.split("\n")) {
      if (line.startsWith(name + ":")) {
        String value = line.substring(name.length() + 1).trim();
        if (!value.endsWith(" kB")) {
          throw new IllegalArgumentException("unexpected unit in /proc status line: " + line);
        }
        return Long.parseLong(value.substring(0, value.length() - 3).trim());
      }
    }
    throw new IllegalArgumentException("no " + name + " line in /proc status");
  }
}
