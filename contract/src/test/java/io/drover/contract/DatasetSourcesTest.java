package io.drover.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.contract.TrainerResult.Dataset;
import io.drover.contract.TrainerResult.Outcome;
import io.drover.contract.TrainerResult.SourceRead;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetSourcesTest {

  @Test
  void roundTripsSourcesWithAndWithoutVersion() {
    List<DatasetSource> sources =
        List.of(
            new DatasetSource("pvc://feedback/iris", null), new DatasetSource("/d/x.csv", "v2"));

    String json = DatasetSources.toJson(sources);

    assertThat(json)
        .isEqualTo("[{\"uri\":\"pvc://feedback/iris\"},{\"uri\":\"/d/x.csv\",\"version\":\"v2\"}]");
    assertThat(DatasetSources.parse(json)).isEqualTo(sources);
  }

  @Test
  void absentBlankOrEmptyMeansNoFurtherSources() {
    assertThat(DatasetSources.parse(null)).isEmpty();
    assertThat(DatasetSources.parse("  ")).isEmpty();
    assertThat(DatasetSources.parse("[]")).isEmpty();
    assertThat(DatasetSources.toJson(List.of())).isEqualTo("[]");
  }

  @Test
  void badValuesAreRefusedNamingTheVariable() {
    assertThatThrownBy(() -> DatasetSources.parse("[{\"uri\":"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("DROVER_DATASET_SOURCES is not JSON");
    assertThatThrownBy(() -> DatasetSources.parse("{\"uri\":\"/a\"}"))
        .hasMessageStartingWith("DROVER_DATASET_SOURCES must be a JSON array");
    assertThatThrownBy(() -> DatasetSources.parse("[{\"uri\":\"/a\"},{\"version\":\"1\"}]"))
        .hasMessageStartingWith("DROVER_DATASET_SOURCES element 1 has no \"uri\" string");
    assertThatThrownBy(() -> DatasetSources.parse("[\"/a\"]"))
        .hasMessageContaining("element 0 must be an object");
  }

  @Test
  void aResultCarriesPerSourceReadsAndOldResultsStillParse() {
    TrainerResult result =
        new TrainerResult(
            Outcome.Succeeded,
            "ok",
            Map.of(),
            new Dataset(
                "sha256:all",
                160L,
                List.of(
                    new SourceRead("/data/iris.csv", "sha256:a", 150L),
                    new SourceRead("/feedback", "sha256:b", 10L))),
            null,
            List.of());

    TrainerResult read = TrainerResults.parse(TrainerResults.write(result));

    assertThat(read.dataset().sources()).isEqualTo(result.dataset().sources());
    assertThat(TrainerResults.parse("{\"outcome\":\"Failed\",\"dataset\":{\"rows\":3}}").dataset())
        .isEqualTo(new Dataset(null, 3L));
    assertThat(
            TrainerResults.write(
                new TrainerResult(Outcome.Failed, null, null, new Dataset("d", 1L), null, null)))
        .doesNotContain("sources");
  }
}
