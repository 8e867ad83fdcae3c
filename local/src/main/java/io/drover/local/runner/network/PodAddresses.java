package io.drover.local.runner.network;

import java.util.HashSet;
import java.util.Set;

/**
 * Gives each pod its own loopback address in {@code 127.2.0.0/16}, so every pod can listen on its
 * container ports as it would in its own network namespace. Addresses are handed out in turn, so
 * one is reused only after the whole range went round (no stale connection reaches a new pod).
 */
public final class PodAddresses {

  private static final int SIZE = 254 * 256;

  private final Set<String> inUse = new HashSet<>();
  private int next;

  public synchronized String allocate() {
    for (int tries = 0; tries < SIZE; tries++) {
      int n = next;
      next = (next + 1) % SIZE;
      String address = "127.2." + (n / 254) + "." + (n % 254 + 1);
      if (inUse.add(address)) {
        return address;
      }
    }
    throw new IllegalStateException("all " + SIZE + " pod addresses in 127.2.0.0/16 are in use");
  }

  /** Keeps an address a pod already had (its status names it) across a runner restart. */
  public synchronized boolean claim(String address) {
    return address != null && address.startsWith("127.2.") && inUse.add(address);
  }

  public synchronized void release(String address) {
    inUse.remove(address);
  }
}
