package io.drover.local.api.watch;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One change the store made, numbered.
 *
 * @param resourceVersion the store's resource version after the change
 * @param type ADDED, MODIFIED or DELETED
 * @param object the object after the change; for DELETED its last state, numbered with the
 *     deletion's resource version as a real API server numbers it
 * @param previous the object before the change, null for ADDED
 */
public record Change(long resourceVersion, String type, ObjectNode object, ObjectNode previous) {}
