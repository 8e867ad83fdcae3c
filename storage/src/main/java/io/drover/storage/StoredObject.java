package io.drover.storage;

/**
 * One object found under a prefix.
 *
 * @param relativeName the key below the listed prefix ({@code a/b.csv} for {@code prefix/a/b.csv})
 * @param size bytes
 */
public record StoredObject(StorageLocation location, String relativeName, long size) {}
