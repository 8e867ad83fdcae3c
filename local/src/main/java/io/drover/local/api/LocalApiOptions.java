package io.drover.local.api;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How to run the local API.
 *
 * @param home the local-mode home: {@code kubeconfig}, {@code state/} and {@code logs/} live there
 * @param host the address to bind, normally 127.0.0.1
 * @param port the port to bind; 0 picks a free one
 * @param saveDelay how long after a change the state is saved (changes in between coalesce)
 * @param bookmarkEvery how often a watch that allows bookmarks gets one
 */
public record LocalApiOptions(
    Path home, String host, int port, Duration saveDelay, Duration bookmarkEvery) {

  /** A minute between bookmarks, as a real API server sends them. */
  public static final Duration BOOKMARK_EVERY = Duration.ofMinutes(1);

  /** Loopback, any free port, state saved half a second after a change. */
  public static LocalApiOptions of(Path home) {
    return new LocalApiOptions(home, "127.0.0.1", 0, Duration.ofMillis(500), BOOKMARK_EVERY);
  }

  public LocalApiOptions withPort(int port) {
    return new LocalApiOptions(home, host, port, saveDelay, bookmarkEvery);
  }

  public LocalApiOptions withBookmarkEvery(Duration every) {
    return new LocalApiOptions(home, host, port, saveDelay, every);
  }
}
