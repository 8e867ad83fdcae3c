package io.drover.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.drover.e2e.support.Charts;
import io.drover.e2e.support.MetricsReference;
import io.drover.e2e.support.Repo;
import io.drover.e2e.support.Yamls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard and the alert rules: well formed, every query valid PromQL and every alert
 * firing when it should (both by the real promtool, Debian package {@code prometheus}), only
 * metrics from docs/metrics.md, and installed by the chart exactly as the files say.
 */
class DashboardsAndAlertsTest {
  private static final Path DASHBOARD = Repo.CHART.resolve("files/drover-dashboard.json");
  private static final Path RULES = Repo.CHART.resolve("files/prometheus-rules.yaml");
  private static final Path RULE_TESTS = Path.of("src/test/resources/prometheus/alerts-test.yaml");
  private static final Pattern METRIC = Pattern.compile("\\b(drover_[a-z0-9_]+)\\b");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([a-zA-Z_]+)\\}?");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void rulesPassPromtoolCheck() throws Exception {
    Result check = promtool("check", "rules", RULES.toString());

    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS: 5 rules found");
  }

  @Test
  void alertsFireWhenTheyShouldAndNotBefore(@TempDir Path tmp) throws Exception {
    Files.copy(RULES, tmp.resolve("prometheus-rules.yaml"));
    Files.copy(RULE_TESTS, tmp.resolve("alerts-test.yaml"));

    Result test = promtool(tmp, "test", "rules", "alerts-test.yaml");

    assertThat(test.exitCode()).as(test.output()).isZero();
  }

  @Test
  void promtoolRefusesABrokenRule(@TempDir Path tmp) throws Exception {
    // Proves the checks above can fail.
    Path broken = tmp.resolve("broken.yaml");
    Files.writeString(
        broken, Files.readString(RULES).replace("> 0.2", "> > 0.2"), StandardCharsets.UTF_8);

    assertThat(promtool("check", "rules", broken.toString()).exitCode()).isNotZero();
  }

  @Test
  void everyDashboardQueryIsValidPromQl(@TempDir Path tmp) throws Exception {
    // promtool parses expressions in rule files: one recording rule per panel query, with
    // Grafana's variables replaced by values as Grafana would.
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    List<String> exprs = dashboardExpressions();
    for (int i = 0; i < exprs.size(); i++) {
      String expr =
          exprs
              .get(i)
              .replace("$__rate_interval", "2m")
              .replace("$__range", "6h")
              .replace("$namespace", "team-a")
              .replace("$inferenceservice", "iris");
      rules
          .append("      - record: dashboard:query")
          .append(i)
          .append("\n        expr: ")
          .append(JSON.writeValueAsString(expr))
          .append('\n');
    }
    Path file = tmp.resolve("dashboard-rules.yaml");
    Files.writeString(file, rules);

    Result check = promtool("check", "rules", file.toString());

    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS: " + exprs.size() + " rules found");
  }

  @Test
  void dashboardAndAlertsUseOnlyDocumentedMetrics() throws IOException {
    Set<String> documented = MetricsReference.documented().keySet();
    Set<String> used = new TreeSet<>();
    for (String expr : dashboardExpressions()) {
      used.addAll(metrics(expr));
    }
    for (Map<String, Object> group : Yamls.list(Yamls.parseOne(RULES), "groups")) {
      for (Map<String, Object> rule : Yamls.list(group, "rules")) {
        used.addAll(metrics((String) rule.get("expr")));
      }
    }

    assertThat(used).contains("drover_router_requests_total", "drover_feature_psi");
    assertThat(used)
        .as("metrics used but not in docs/metrics.md (and so not exported by the code)")
        .allSatisfy(m -> assertThat(MetricsReference.metricOf(m, documented)).as(m).isNotNull());
    assertThat(MetricsReference.metricOf("drover_router_request_total", documented))
        .as("a misspelt metric is caught")
        .isNull();
  }

  @Test
  void dashboardCoversWhatOperatorsLookAt() throws IOException {
    JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
    Set<String> variables = new HashSet<>(Set.of("__rate_interval", "__range"));
    dashboard.get("templating").get("list").forEach(v -> variables.add(v.get("name").asText()));
    Set<Integer> ids = new HashSet<>();
    List<String> titles = new ArrayList<>();

    for (JsonNode panel : dashboard.get("panels")) {
      assertThat(ids.add(panel.get("id").asInt())).as("unique id %s", panel.get("id")).isTrue();
      assertThat(panel.has("gridPos")).isTrue();
      titles.add(panel.get("title").asText());
      if (panel.get("type").asText().equals("row")) {
        continue;
      }
      assertThat(panel.at("/datasource/uid").asText()).isEqualTo("${datasource}");
      assertThat(panel.get("targets")).as(panel.get("title").asText()).isNotEmpty();
      for (JsonNode target : panel.get("targets")) {
        Matcher variable = VARIABLE.matcher(target.get("expr").asText());
        while (variable.find()) {
          assertThat(variables)
              .as("variable in %s", panel.get("title"))
              .contains(variable.group(1));
        }
      }
    }
    assertThat(dashboard.get("uid").asText()).isEqualTo("drover-overview");
    assertThat(titles)
        .contains(
            "Traffic split by variant",
            "Error rate by variant",
            "p99 latency by variant",
            "Shadow agreement",
            "Drift per feature (PSI)",
            "Live accuracy",
            "GPU-seconds used and saved",
            "Cold starts");
  }

  @Test
  void chartInstallsTheFilesBehindTheirValues() throws IOException {
    List<Map<String, Object>> defaults = Charts.render();
    assertThat(defaults)
        .extracting(Yamls::kind)
        .doesNotContain("PrometheusRule", "PodMonitor", "ConfigMap");

    List<Map<String, Object>> objs =
        Charts.render(
            t ->
                t.set("metrics.prometheusRule.enabled", "true")
                    .set("metrics.dashboards.enabled", "true")
                    .set("metrics.dashboards.namespace", "monitoring")
                    .set("metrics.podMonitor.enabled", "true"));

    Map<String, Object> rule = Yamls.single(objs, "PrometheusRule");
    assertThat((Object) Yamls.at(rule, "spec")).isEqualTo(Yamls.parseOne(RULES));
    Map<String, Object> dashboard = Yamls.single(objs, "ConfigMap");
    assertThat((Object) Yamls.at(dashboard, "metadata.namespace")).isEqualTo("monitoring");
    assertThat((Map<String, Object>) Yamls.at(dashboard, "metadata.labels"))
        .containsEntry("grafana_dashboard", "1");
    String json = (String) ((Map<String, Object>) dashboard.get("data")).get("drover.json");
    assertThat(JSON.readTree(json)).isEqualTo(JSON.readTree(DASHBOARD.toFile()));
    Map<String, Object> pods = Yamls.single(objs, "PodMonitor");
    assertThat((Object) Yamls.at(pods, "spec.namespaceSelector.any")).isEqualTo(true);
    assertThat(Yamls.list(pods, "spec.podMetricsEndpoints"))
        .singleElement()
        .satisfies(
            e -> assertThat(e).containsEntry("port", "http").containsEntry("path", "/metrics"));

    Map<String, Object> namespaced =
        Yamls.single(
            Charts.render(
                t ->
                    t.withValuesFile(Charts.NAMESPACED_VALUES)
                        .set("metrics.podMonitor.enabled", "true")),
            "PodMonitor");
    assertThat((Object) Yamls.at(namespaced, "spec.namespaceSelector.matchNames"))
        .isEqualTo(List.of("team-a", "team-b"));
  }

  private static List<String> dashboardExpressions() throws IOException {
    List<String> out = new ArrayList<>();
    for (JsonNode panel : JSON.readTree(DASHBOARD.toFile()).get("panels")) {
      if (panel.has("targets")) {
        panel.get("targets").forEach(t -> out.add(t.get("expr").asText()));
      }
    }
    assertThat(out).isNotEmpty();
    return out;
  }

  private static Set<String> metrics(String expr) {
    Set<String> out = new TreeSet<>();
    Matcher m = METRIC.matcher(expr);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  record Result(int exitCode, String output) {}

  private static Result promtool(String... args) throws Exception {
    return promtool(null, args);
  }

  private static Result promtool(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("promtool"));
    command.addAll(List.of(args));
    Process process;
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      if (dir != null) {
        builder.directory(dir.toFile());
      }
      process = builder.start();
    } catch (IOException e) {
      process = null;
    }
    assumeTrue(
        process != null,
        "promtool is not installed (Debian package prometheus: apt-get install prometheus):"
            + " cannot lint the alert rules and dashboard queries");
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), output);
  }
}
