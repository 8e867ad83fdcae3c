package io.drover.local.runner.kubelet;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads termination messages as the kubelet does: the last 4096 bytes of the termination-message
 * file; with {@code FallbackToLogsOnError}, when that is empty and the container failed, the end of
 * its log — at most 80 lines and 2048 bytes.
 */
final class TerminationMessages {

  private TerminationMessages() {}

  static String read(Path file, int limit) {
    if (file == null || !Files.isRegularFile(file)) {
      return "";
    }
    return new String(lastBytes(file, limit), StandardCharsets.UTF_8);
  }

  static String tail(Path log, int bytes, int lines) {
    if (!Files.isRegularFile(log)) {
      return "";
    }
    String text = new String(lastBytes(log, bytes), StandardCharsets.UTF_8);
    int at = text.length();
    int seen = 0;
    // Count line ends from the end, ignoring a trailing newline.
    int end = text.endsWith("\n") ? text.length() - 1 : text.length();
    for (int i = end - 1; i >= 0; i--) {
      if (text.charAt(i) == '\n') {
        seen++;
        if (seen == lines) {
          at = i + 1;
          break;
        }
      }
    }
    return seen == lines ? text.substring(at) : text;
  }

  private static byte[] lastBytes(Path file, int limit) {
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      int n = (int) Math.min(limit, length);
      byte[] bytes = new byte[n];
      in.seek(length - n);
      in.readFully(bytes);
      return bytes;
    } catch (IOException e) {
      return new byte[0];
    }
  }
}
