package io.drover.trainer.data;

import java.nio.file.Path;

/**
 * One source of a data set, as the run named it and as a path inside the container.
 *
 * @param name how errors name it: its environment variable, {@code DROVER_DATASET_URI} or {@code
 *     DROVER_DATASET_SOURCES[i]}
 * @param uri the location as given, reported back as given
 * @param path where it is read
 */
public record DataLocation(String name, String uri, Path path) {}
