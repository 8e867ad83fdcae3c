package io.drover.operator.trainingrun.search;

import io.drover.operator.api.trainingrun.HyperparameterSearch;
import io.drover.operator.api.trainingrun.SearchParameter;
import io.drover.operator.api.trainingrun.SearchParameter.NumberType;
import io.drover.operator.api.trainingrun.SearchParameter.Scale;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The configurations a search tries, as hyperparameter values in their string form. Pure and
 * deterministic: the same search (and seed) always gives the same configurations in the same order,
 * so a plan written to status can be recomputed and checked.
 *
 * <p>A Grid takes each value list as it is and each range as {@value #GRID_POINTS} evenly spaced
 * points (on a log scale for Log; an Int range as its distinct whole numbers among them), and
 * enumerates the combinations with the first parameter varying slowest. Random draws each parameter
 * independently: a value list uniformly, a range uniformly on its (linear or log) scale.
 * SuccessiveHalving's first rung is the grid when every parameter is a value list, else drawn as
 * Random draws.
 */
public final class SearchSpace {

  /** Points a range contributes to a grid. */
  public static final int GRID_POINTS = 5;

  private SearchSpace() {}

  /** The configurations of the search's first (or only) rung, at most maxTrials. */
  public static List<Map<String, String>> configurations(HyperparameterSearch search) {
    int limit = search.maxTrialsOrDefault();
    return switch (search.algorithm()) {
      case Grid -> grid(search.parameters(), limit);
      case Random -> sample(search.parameters(), limit, search.seedOrDefault());
      // Value lists only: the first rung tries each combination once rather than drawing repeats.
      case SuccessiveHalving ->
          search.parameters().stream().allMatch(p -> p.values() != null)
              ? grid(search.parameters(), limit)
              : sample(search.parameters(), limit, search.seedOrDefault());
    };
  }

  /** Every combination of the parameters' grid values, the first {@code limit} of them. */
  public static List<Map<String, String>> grid(List<SearchParameter> parameters, int limit) {
    List<List<String>> axes = parameters.stream().map(SearchSpace::gridValues).toList();
    List<Map<String, String>> combinations = new ArrayList<>();
    int[] position = new int[axes.size()];
    while (combinations.size() < limit) {
      Map<String, String> combination = new LinkedHashMap<>();
      for (int i = 0; i < axes.size(); i++) {
        combination.put(parameters.get(i).name(), axes.get(i).get(position[i]));
      }
      combinations.add(combination);
      // Odometer: the last parameter turns fastest.
      int axis = axes.size() - 1;
      while (axis >= 0 && ++position[axis] == axes.get(axis).size()) {
        position[axis] = 0;
        axis--;
      }
      if (axis < 0) {
        break;
      }
    }
    return combinations;
  }

  /** {@code count} configurations drawn with {@code seed}. */
  public static List<Map<String, String>> sample(
      List<SearchParameter> parameters, int count, long seed) {
    // java.util.Random's sequence is fixed by its specification: reproducible on every JVM.
    Random random = new Random(seed);
    List<Map<String, String>> samples = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      Map<String, String> configuration = new LinkedHashMap<>();
      for (SearchParameter parameter : parameters) {
        configuration.put(parameter.name(), draw(parameter, random));
      }
      samples.add(configuration);
    }
    return samples;
  }

  static List<String> gridValues(SearchParameter parameter) {
    if (parameter.values() != null) {
      return parameter.values();
    }
    double min = parameter.min();
    double max = parameter.max();
    LinkedHashSet<String> points = new LinkedHashSet<>();
    for (int i = 0; i < GRID_POINTS; i++) {
      double fraction = GRID_POINTS == 1 ? 0 : (double) i / (GRID_POINTS - 1);
      points.add(format(parameter, at(parameter, min, max, fraction)));
    }
    return List.copyOf(points);
  }

  private static String draw(SearchParameter parameter, Random random) {
    if (parameter.values() != null) {
      return parameter.values().get(random.nextInt(parameter.values().size()));
    }
    double fraction = random.nextDouble();
    if (parameter.type() == NumberType.Int) {
      // Every whole number of the range equally likely (on the linear scale).
      double low = parameter.min();
      double high = parameter.max() + 1;
      double value =
          parameter.scale() == Scale.Log
              ? Math.exp(Math.log(low) + fraction * (Math.log(high) - Math.log(low)))
              : low + fraction * (high - low);
      return Long.toString(Math.min((long) Math.floor(value), (long) (double) parameter.max()));
    }
    return format(parameter, at(parameter, parameter.min(), parameter.max(), fraction));
  }

  private static double at(SearchParameter parameter, double min, double max, double fraction) {
    if (parameter.scale() == Scale.Log) {
      return Math.exp(Math.log(min) + fraction * (Math.log(max) - Math.log(min)));
    }
    return min + fraction * (max - min);
  }

  /** Whole numbers for Int; otherwise six significant digits, in plain notation. */
  private static String format(SearchParameter parameter, double value) {
    if (parameter.type() == NumberType.Int) {
      return Long.toString(Math.round(value));
    }
    BigDecimal rounded = new BigDecimal(value).round(new MathContext(6)).stripTrailingZeros();
    return rounded.scale() < 0 ? rounded.setScale(0).toPlainString() : rounded.toPlainString();
  }
}
