package io.drover.trainer.data;

import io.drover.contract.TrainerResult.ValidationVerdict;
import io.drover.contract.TrainerResult.Verdict;
import io.drover.contract.bundle.DataValidationReport;
import io.drover.contract.bundle.InvalidBundleException;
import io.drover.contract.bundle.ModelManifest;
import io.drover.contract.bundle.TrainingBaseline;
import io.drover.contract.bundle.TrainingBaseline.FeatureBaseline;
import io.drover.trainer.config.ValidationSettings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Validates a new data set against the model it would replace: same columns, new data when asked
 * for, and no significant shift in any feature's distribution.
 */
public final class ReferenceValidator {

  public static final String SCHEMA = "schema";
  public static final String NEW_DATA = "new-data";
  public static final String SHIFT = "ks-shift";

  /** Columns or features named in a message; a message must fit the termination log. */
  private static final int LISTED = 5;

  private ReferenceValidator() {}

  /**
   * @param failure why the data is refused, or {@code null} when it is accepted
   * @param warning shifts reported without failing, or {@code null}
   * @param report every verdict, worst first
   */
  public record Outcome(String failure, String warning, DataValidationReport report) {
    public List<ValidationVerdict> verdicts() {
      return report.checks();
    }
  }

  public static Outcome validate(
      String referenceUri,
      ModelManifest reference,
      TrainingBaseline baseline,
      LabeledDataset data,
      ValidationSettings settings) {
    String model = "%s version %s".formatted(reference.name(), reference.version());
    List<ValidationVerdict> verdicts = new ArrayList<>();
    String schemaProblem = schema(reference, data, verdicts);
    if (schemaProblem != null) {
      return outcome(
          referenceUri,
          model,
          settings,
          verdicts,
          "the data set's columns differ from those of reference model %s: %s"
              .formatted(model, schemaProblem),
          null);
    }
    if (settings.requireNewData()) {
      String referenceDigest = reference.dataset() == null ? null : reference.dataset().digest();
      boolean same = data.digest().equals(referenceDigest);
      verdicts.add(
          new ValidationVerdict(NEW_DATA, null, same ? Verdict.Fail : Verdict.Pass, null, null));
      if (same) {
        return outcome(
            referenceUri,
            model,
            settings,
            verdicts,
            "the data set is identical (%s) to the one reference model %s was trained on, and "
                    .formatted(data.digest(), model)
                + "validation requires new data",
            null);
      }
    }
    List<String> shifted = shifts(baseline, data, settings, verdicts);
    String summary =
        shifted.isEmpty()
            ? null
            : "feature distribution shifted against reference model %s (two-sample KS, "
                    .formatted(model)
                + "significance %s per feature = %s / %d features): %s"
                    .formatted(
                        format(settings.shiftSignificance() / data.featureCount()),
                        format(settings.shiftSignificance()),
                        data.featureCount(),
                        listing(shifted));
    boolean fails = summary != null && settings.onShift() == Verdict.Fail;
    return outcome(
        referenceUri, model, settings, verdicts, fails ? summary : null, fails ? null : summary);
  }

  private static String schema(
      ModelManifest reference, LabeledDataset data, List<ValidationVerdict> verdicts) {
    List<String> problems = new ArrayList<>();
    String referenceLabel = reference.output().labelColumn();
    if (!data.labelColumn().equals(referenceLabel)) {
      verdicts.add(new ValidationVerdict(SCHEMA, data.labelColumn(), Verdict.Fail, null, null));
      problems.add("label column %s, reference %s".formatted(data.labelColumn(), referenceLabel));
    }
    List<String> expected = reference.input().names();
    Set<String> missing = new LinkedHashSet<>(expected);
    data.featureNames().forEach(missing::remove);
    Set<String> unexpected = new LinkedHashSet<>(data.featureNames());
    expected.forEach(unexpected::remove);
    missing.forEach(f -> verdicts.add(new ValidationVerdict(SCHEMA, f, Verdict.Fail, null, null)));
    unexpected.forEach(
        f -> verdicts.add(new ValidationVerdict(SCHEMA, f, Verdict.Fail, null, null)));
    if (!missing.isEmpty()) {
      problems.add("missing " + listing(missing));
    }
    if (!unexpected.isEmpty()) {
      problems.add("unexpected " + listing(unexpected));
    }
    if (problems.isEmpty() && !expected.equals(data.featureNames())) {
      // Clients of the served model send features by position, so order is part of the schema.
      verdicts.add(new ValidationVerdict(SCHEMA, null, Verdict.Fail, null, null));
      problems.add(
          "same features in another order (reference: %s)".formatted(String.join(", ", expected)));
    }
    if (problems.isEmpty()) {
      verdicts.add(new ValidationVerdict(SCHEMA, null, Verdict.Pass, null, null));
      return null;
    }
    return String.join("; ", problems);
  }

  private static List<String> shifts(
      TrainingBaseline baseline,
      LabeledDataset data,
      ValidationSettings settings,
      List<ValidationVerdict> verdicts) {
    Map<String, FeatureBaseline> byName =
        baseline.features().stream()
            .collect(Collectors.toMap(FeatureBaseline::name, Function.identity()));
    // Bonferroni: the run-level false-alarm rate stays at the given significance however many
    // features there are.
    double threshold = settings.shiftSignificance() / data.featureCount();
    List<Shift> shifts = new ArrayList<>();
    for (int f = 0; f < data.featureCount(); f++) {
      String name = data.featureNames().get(f);
      FeatureBaseline reference = byName.get(name);
      if (reference == null || reference.sample().isEmpty()) {
        throw new InvalidBundleException(
            "the reference baseline has no sample for feature " + name + "; it cannot be compared");
      }
      double[] referenceSample =
          reference.sample().stream().mapToDouble(Double::doubleValue).toArray();
      KolmogorovSmirnov.Result test = KolmogorovSmirnov.test(referenceSample, data.column(f));
      boolean significant = test.pValue() < threshold;
      verdicts.add(
          new ValidationVerdict(
              SHIFT,
              name,
              significant ? settings.onShift() : Verdict.Pass,
              test.statistic(),
              test.pValue()));
      if (significant) {
        shifts.add(new Shift(name, test));
      }
    }
    shifts.sort(Comparator.comparingDouble(shift -> shift.test().pValue()));
    return shifts.stream()
        .map(
            shift ->
                "%s (D=%s, p=%s)"
                    .formatted(
                        shift.feature(),
                        format(shift.test().statistic()),
                        format(shift.test().pValue())))
        .toList();
  }

  private static Outcome outcome(
      String referenceUri,
      String model,
      ValidationSettings settings,
      List<ValidationVerdict> verdicts,
      String failure,
      String warning) {
    List<ValidationVerdict> worstFirst = new ArrayList<>(verdicts);
    worstFirst.sort(WORST_FIRST);
    return new Outcome(
        failure,
        warning,
        new DataValidationReport(
            referenceUri, model, settings.shiftSignificance(), List.copyOf(worstFirst)));
  }

  /** Fail before Warn before Pass; within a verdict, the smallest p-value first. */
  public static final Comparator<ValidationVerdict> WORST_FIRST =
      Comparator.comparing(
              (ValidationVerdict v) -> v.verdict().ordinal(), Comparator.reverseOrder())
          .thenComparing(v -> v.pValue() == null ? -1.0 : v.pValue());

  private record Shift(String feature, KolmogorovSmirnov.Result test) {}

  /** Names the first few; the full list is in the validation report, and it must stay short. */
  private static String listing(Collection<String> items) {
    List<String> all = List.copyOf(items);
    if (all.size() <= LISTED) {
      return String.join(", ", all);
    }
    return String.join(", ", all.subList(0, LISTED))
        + " and %d more".formatted(all.size() - LISTED);
  }

  static String format(double value) {
    return "%.3g".formatted(value);
  }
}
