package io.drover.local.api.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The objects of one kind as the store held them at one instant.
 *
 * @param items the objects, in the store's order
 * @param resourceVersion the store's resource version at that instant: a watch from it misses
 *     nothing and replays nothing the list holds
 */
public record StoredList(List<ObjectNode> items, long resourceVersion) {}
