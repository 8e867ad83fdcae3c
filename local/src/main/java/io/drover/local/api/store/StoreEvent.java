package io.drover.local.api.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One change of the store, as its event fan-out reports it.
 *
 * @param type ADDED, MODIFIED or DELETED
 * @param object the object after the change (before it, for DELETED)
 */
public record StoreEvent(String type, ObjectNode object) {}
