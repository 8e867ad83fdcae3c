package io.drover.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes manifests/install from the chart (there is no helm CLI on the build machines): run {@code
 * ./mvnw -pl e2e-tests verify -Ddrover.updateInstall=true} after changing the chart.
 */
public final class InstallManifests {
  public static final Path INSTALL = Repo.MANIFESTS.resolve("install");
  public static final String UPDATE_PROPERTY = "drover.updateInstall";

  private static final Pattern SOURCE = Pattern.compile("# Source: drover/templates/(\\S+)\\n");
  private static final Pattern HELM_LABELS =
      Pattern.compile("\\n *(helm\\.sh/chart: .*|app\\.kubernetes\\.io/managed-by: Helm)");
  private static final Map<String, String> FILE_OF_TEMPLATE =
      Map.of(
          "serviceaccount.yaml", "rbac.yaml",
          "rbac.yaml", "rbac.yaml",
          "service.yaml", "operator.yaml",
          "deployment.yaml", "operator.yaml",
          "admission-policy.yaml", "admission-policy.yaml",
          "user-roles.yaml", "user-roles.yaml");
  private static final Map<String, String> HEADERS =
      Map.of(
          "rbac.yaml",
          "# The operator's identity and permissions: the chart's defaults (all namespaces watched).\n",
          "operator.yaml",
          "# The operator Deployment and its metrics Service: the chart's defaults.\n",
          "admission-policy.yaml",
          "# The approval gate (approvers group drover-approvers): the chart's defaults.\n",
          "user-roles.yaml",
          "# The people's roles (viewer, data scientist, platform engineer, approver), aggregated"
              + " into view/edit/admin: the chart's defaults.\n");
  private static final String GENERATED =
      "# Generated from `helm template drover helm/drover -n drover-system`; e2e-tests checks they"
          + " match.\n";

  private InstallManifests() {}

  public static void regenerate() {
    String rendered = Charts.renderText(UnaryOperator.identity());
    Map<String, StringBuilder> files = new LinkedHashMap<>();
    for (String doc : rendered.split("(?m)^---\\n")) {
      Matcher source = SOURCE.matcher(doc);
      if (!source.find()) {
        continue;
      }
      String file = FILE_OF_TEMPLATE.get(source.group(1));
      if (file == null) {
        throw new IllegalStateException(
            "template " + source.group(1) + " renders by default: add it to FILE_OF_TEMPLATE");
      }
      String body = HELM_LABELS.matcher(source.replaceFirst("")).replaceAll("").stripTrailing();
      StringBuilder out =
          files.computeIfAbsent(file, f -> new StringBuilder(HEADERS.get(f) + GENERATED));
      out.append("---\n").append(body).append('\n');
    }
    try {
      for (Map.Entry<String, StringBuilder> f : files.entrySet()) {
        Files.writeString(INSTALL.resolve(f.getKey()), f.getValue());
      }
      for (Path crd : Crds.files(Repo.CRDS)) {
        Files.copy(
            crd,
            INSTALL.resolve("crds").resolve(crd.getFileName()),
            StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
