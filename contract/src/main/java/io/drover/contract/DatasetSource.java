package io.drover.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One further data source a trainer reads together with {@link TrainerEnvironment#DATASET_URI}, as
 * an element of {@link TrainerEnvironment#DATASET_SOURCES}.
 *
 * @param uri where the rows are: a CSV file, or a directory whose {@code *.csv} files are read in
 *     name order (a {@link io.drover.contract.serving.FeedbackDataset} directory, for example)
 * @param version the source's version, when the run names one; recorded, not interpreted
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetSource(String uri, String version) {

  /** A source without a version. */
  public DatasetSource(String uri) {
    this(uri, null);
  }
}
