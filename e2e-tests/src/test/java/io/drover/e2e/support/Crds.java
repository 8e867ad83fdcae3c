package io.drover.e2e.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.drover.local.api.admission.AdmissionException;
import io.drover.local.api.admission.AdmissionResult;
import io.drover.local.api.admission.CrdAdmission;
import io.drover.local.api.admission.FieldValidation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The CRDs in crds/, and admission of objects through them as kube-apiserver admits them: local
 * mode's {@link CrdAdmission} (structural schema, pruning, defaults, CEL rules, kube-apiserver's
 * field paths and messages), under strict field validation as {@code kubectl apply} asks for.
 */
public final class Crds {

  /** One CRD: its group, kind, the version it serves and its compiled admission. */
  public record Crd(String group, String version, String kind, CrdAdmission admission) {
    public String apiVersion() {
      return group + "/" + version;
    }
  }

  private static Map<String, Crd> cache;

  private Crds() {}

  /** Drover's CRDs by kind, each compiled once. */
  public static synchronized Map<String, Crd> byKind() {
    if (cache == null) {
      cache = load();
    }
    return cache;
  }

  private static Map<String, Crd> load() {
    Map<String, Crd> out = new LinkedHashMap<>();
    for (Path file : files(Repo.CRDS)) {
      JsonNode crd = Yamls.MAPPER.valueToTree(Yamls.parseOne(file));
      JsonNode spec = crd.path("spec");
      String served = null;
      for (JsonNode version : spec.path("versions")) {
        if (version.path("served").asBoolean() && version.path("storage").asBoolean()) {
          served = version.path("name").asText();
        }
      }
      if (served == null) {
        throw new IllegalStateException(file + " has no served storage version");
      }
      String kind = spec.path("names").path("kind").asText();
      out.put(kind, new Crd(spec.path("group").asText(), served, kind, new CrdAdmission(crd)));
    }
    return out;
  }

  public static List<Path> files(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Creates {@code obj} as {@code kubectl apply -f} would, at its kind's served version (the
   * endpoint kubectl posts to) with strict field validation.
   *
   * @return what the API server would store, and its warnings
   * @throws AdmissionException what kube-apiserver would answer instead: 422 Invalid with a cause
   *     per field, or 400 BadRequest (unknown fields, an apiVersion the endpoint does not serve)
   * @throws IllegalArgumentException for a kind no Drover CRD defines
   */
  public static AdmissionResult admit(Map<String, Object> obj) {
    String kind = Yamls.kind(obj);
    Crd crd = byKind().get(kind);
    if (crd == null) {
      throw new IllegalArgumentException("no Drover CRD defines kind " + kind);
    }
    ObjectNode body = Yamls.MAPPER.valueToTree(obj);
    return crd.admission().admitCreate(crd.version(), body, FieldValidation.STRICT);
  }
}
