package io.drover.local.api.watch;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Where one watch's events go: an HTTP stream or a websocket. */
public interface WatchSink {

  /**
   * Sends one event.
   *
   * @param type ADDED, MODIFIED, DELETED, or ERROR (then {@code object} is a Status)
   * @return false once the client is gone; the watch then ends
   */
  boolean send(String type, ObjectNode object);

  /** Ends the stream. */
  void end();
}
