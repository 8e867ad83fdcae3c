package io.drover.e2e.support;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The chart rendered and linted by the real Helm library (helm-java bundles it). */
public final class Charts {
  public static final String RELEASE = "drover";
  public static final String NAMESPACE = "drover-system";
  // Rendering offline, Helm assumes Kubernetes 1.20; the chart needs 1.30+ (admission policy v1).
  public static final String KUBE_VERSION = "1.32.0";
  public static final Path NAMESPACED_VALUES = Repo.CHART.resolve("ci/namespaced-values.yaml");

  private Charts() {}

  public static List<Map<String, Object>> render() {
    return render(UnaryOperator.identity());
  }

  public static List<Map<String, Object>> render(UnaryOperator<TemplateCommand> options) {
    return Yamls.parseAll(renderText(options));
  }

  public static String renderText(UnaryOperator<TemplateCommand> options) {
    TemplateCommand cmd =
        new Helm(Repo.CHART)
            .template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withKubeVersion(KUBE_VERSION)
            .skipCrds();
    return options.apply(cmd).call();
  }

  public static List<Map<String, Object>> renderNamespaced() {
    return render(t -> t.withValuesFile(NAMESPACED_VALUES));
  }

  public static LintResult lint(Path chartDir) {
    return new Helm(chartDir).lint().strict().call();
  }
}
