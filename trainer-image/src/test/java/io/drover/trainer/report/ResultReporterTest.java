package io.drover.trainer.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.contract.TrainerResult;
import io.drover.contract.TrainerResult.Outcome;
import io.drover.contract.TrainerResult.ValidationVerdict;
import io.drover.contract.TrainerResult.Verdict;
import io.drover.contract.TrainerResults;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultReporterTest {

  @Test
  void smallResultsAreWrittenWhole() {
    TrainerResult result = result("trained", verdicts(3));

    assertThat(TrainerResults.parse(ResultReporter.fit(result))).isEqualTo(result);
  }

  @Test
  void leastSevereVerdictsGiveWayFirst() {
    TrainerResult fitted =
        TrainerResults.parse(ResultReporter.fit(result("trained", verdicts(300))));

    assertThat(fitted.validation()).isNotEmpty().hasSizeLessThan(300);
    assertThat(fitted.validation().get(0).feature()).isEqualTo("f0");
    assertThat(fitted.validation().get(0).verdict()).isEqualTo(Verdict.Fail);
    assertThat(fitted.message()).contains("validation verdicts omitted");
    assertThat(fitted.metrics()).containsEntry("accuracy", 0.97);
  }

  @Test
  void trailingDataSourcesGiveWayAfterVerdictsKeepingThePrimaryAndTheTotals() {
    List<TrainerResult.SourceRead> sources = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      sources.add(
          new TrainerResult.SourceRead(
              "/data/feedback/part-" + i, "sha256:" + "c".repeat(64), 10L + i));
    }
    TrainerResult many =
        new TrainerResult(
            Outcome.Succeeded,
            "trained",
            Map.of("accuracy", 0.97),
            new TrainerResult.Dataset("sha256:" + "a".repeat(64), 9999L, sources),
            null,
            verdicts(5));

    String json = ResultReporter.fit(many);
    TrainerResult fitted = TrainerResults.parse(json);

    assertThat(json.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(TrainerResults.MAX_BYTES);
    assertThat(fitted.validation()).isEmpty();
    assertThat(fitted.dataset().sources()).isNotEmpty().hasSizeLessThan(60);
    assertThat(fitted.dataset().sources().get(0)).isEqualTo(sources.get(0));
    assertThat(fitted.dataset().rows()).isEqualTo(9999L);
    int kept = fitted.dataset().sources().size();
    assertThat(fitted.message())
        .contains("5 of 5 validation verdicts omitted")
        .contains("%d of 60 data sources omitted".formatted(60 - kept));
  }

  @Test
  void anEnormousMessageIsCutToFit() {
    String fitted = ResultReporter.fit(result("x".repeat(10_000), List.of()));

    assertThat(fitted.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(TrainerResults.MAX_BYTES);
    assertThat(TrainerResults.parse(fitted).message()).endsWith("…");
  }

  @Test
  void writesOutsideAPodToo(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("nested/termination-log");

    ResultReporter.write(log, "{\"outcome\":\"Succeeded\"}");

    assertThat(Files.readString(log)).isEqualTo("{\"outcome\":\"Succeeded\"}");
  }

  private static TrainerResult result(String message, List<ValidationVerdict> verdicts) {
    return new TrainerResult(
        Outcome.Succeeded,
        message,
        Map.of("accuracy", 0.97),
        new TrainerResult.Dataset("sha256:" + "a".repeat(64), 1000L),
        new TrainerResult.Bundle("/drover/output/m", "sha256:" + "b".repeat(64), "drover-mlp"),
        verdicts);
  }

  private static List<ValidationVerdict> verdicts(int count) {
    List<ValidationVerdict> verdicts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      verdicts.add(
          new ValidationVerdict(
              "ks-shift", "f" + i, i == 0 ? Verdict.Fail : Verdict.Pass, 0.1, 0.5 + i * 1e-3));
    }
    return verdicts;
  }
}
