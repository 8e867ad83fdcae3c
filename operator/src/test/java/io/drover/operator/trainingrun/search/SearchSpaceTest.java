package io.drover.operator.trainingrun.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.operator.api.trainingrun.HyperparameterSearch;
import io.drover.operator.api.trainingrun.HyperparameterSearch.Algorithm;
import io.drover.operator.api.trainingrun.HyperparameterSearch.SearchObjective;
import io.drover.operator.api.trainingrun.SearchParameter;
import io.drover.operator.api.trainingrun.SearchParameter.NumberType;
import io.drover.operator.api.trainingrun.SearchParameter.Scale;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {

  static final SearchParameter RATE =
      new SearchParameter("learningRate", null, 0.0001, 0.1, null, Scale.Log);
  static final SearchParameter LAYERS =
      new SearchParameter("hiddenLayers", List.of("16", "32,16", "64,32"), null, null, null, null);
  static final SearchParameter BATCH =
      new SearchParameter("batchSize", null, 8.0, 64.0, NumberType.Int, null);

  @Test
  void gridCoversEveryCombinationExactlyOnce() {
    List<Map<String, String>> grid = SearchSpace.grid(List.of(LAYERS, RATE), 1000);

    assertThat(grid).hasSize(3 * SearchSpace.GRID_POINTS);
    assertThat(new HashSet<>(grid)).hasSameSizeAs(grid);
    assertThat(grid).extracting(c -> c.get("hiddenLayers")).containsOnly("16", "32,16", "64,32");
    assertThat(grid)
        .extracting(c -> c.get("learningRate"))
        .as("a log range as 5 points, one per decade and a half")
        .containsOnly("0.0001", "0.000562341", "0.00316228", "0.0177828", "0.1");
    assertThat(grid.get(0)).isEqualTo(Map.of("hiddenLayers", "16", "learningRate", "0.0001"));
    assertThat(grid.get(1).get("hiddenLayers"))
        .as("the last parameter turns fastest")
        .isEqualTo("16");
  }

  @Test
  void gridStopsAtMaxTrials() {
    assertThat(SearchSpace.grid(List.of(LAYERS, RATE), 4)).hasSize(4);
  }

  @Test
  void randomIsReproducibleBySeedAndStaysInRange() {
    HyperparameterSearch seven = search(Algorithm.Random, 20, 7L);
    List<Map<String, String>> first = SearchSpace.configurations(seven);

    assertThat(SearchSpace.configurations(seven)).isEqualTo(first);
    assertThat(SearchSpace.configurations(search(Algorithm.Random, 20, 8L))).isNotEqualTo(first);
    assertThat(first).hasSize(20);
    assertThat(first)
        .extracting(c -> Double.parseDouble(c.get("learningRate")))
        .allMatch(r -> r >= 0.0001 && r <= 0.1);
    assertThat(first)
        .extracting(c -> c.get("batchSize"))
        .allMatch(
            b -> b.matches("[0-9]+") && Integer.parseInt(b) >= 8 && Integer.parseInt(b) <= 64);
    assertThat(first).extracting(c -> c.get("hiddenLayers")).containsAnyOf("16", "32,16", "64,32");
  }

  @Test
  void logScaleDrawsEveryDecadeAboutEqually() {
    List<Map<String, String>> draws = SearchSpace.sample(List.of(RATE), 3000, 1);
    long belowMilli =
        draws.stream().filter(c -> Double.parseDouble(c.get("learningRate")) < 0.001).count();
    // One decade of three: about a third, where a linear draw would give about 1%.
    assertThat(belowMilli).isBetween(850L, 1150L);
  }

  static HyperparameterSearch search(Algorithm algorithm, int trials, Long seed) {
    return new HyperparameterSearch(
        algorithm,
        trials,
        null,
        new SearchObjective("accuracy", null),
        List.of(RATE, LAYERS, BATCH),
        seed,
        null,
        null,
        null,
        null);
  }
}
