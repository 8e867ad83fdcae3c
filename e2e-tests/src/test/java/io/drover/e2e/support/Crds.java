package io.drover.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The CRDs in crds/, and validation of objects against them the way the API server would. */
public final class Crds {
  private static final SchemaChecker CHECKER = new SchemaChecker();
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");

  /** One served version of one CRD. */
  public record Crd(String group, String version, String kind, Map<String, Object> schema) {
    public String apiVersion() {
      return group + "/" + version;
    }
  }

  private Crds() {}

  private static Map<String, Crd> cache;

  public static synchronized Map<String, Crd> byKind() {
    if (cache == null) {
      cache = load();
    }
    return cache;
  }

  private static Map<String, Crd> load() {
    Map<String, Crd> out = new LinkedHashMap<>();
    for (Path file : files(Repo.CRDS)) {
      Map<String, Object> crd = Yamls.parseOne(file);
      String group = Yamls.at(crd, "spec.group");
      String kind = Yamls.at(crd, "spec.names.kind");
      for (Map<String, Object> v : Yamls.list(crd, "spec.versions")) {
        if (Boolean.TRUE.equals(v.get("served"))) {
          out.put(
              kind,
              new Crd(group, (String) v.get("name"), kind, Yamls.at(v, "schema.openAPIV3Schema")));
        }
      }
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

  /** Why the API server would refuse to create {@code obj}; empty when it would accept it. */
  public static List<SchemaChecker.Violation> validate(Map<String, Object> obj) {
    List<SchemaChecker.Violation> out = new ArrayList<>();
    String kind = Yamls.kind(obj);
    Crd crd = byKind().get(kind);
    if (crd == null) {
      out.add(new SchemaChecker.Violation("kind", "no Drover CRD defines kind " + kind));
      return out;
    }
    if (!crd.apiVersion().equals(obj.get("apiVersion"))) {
      out.add(
          new SchemaChecker.Violation(
              "apiVersion",
              "is " + obj.get("apiVersion") + ", the CRD serves " + crd.apiVersion()));
    }
    String name = Yamls.name(obj);
    if (name == null || name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
      out.add(new SchemaChecker.Violation("metadata.name", "must be a DNS subdomain, is " + name));
    }
    Map<String, Object> root = new LinkedHashMap<>(obj);
    // apiVersion, kind and metadata are validated by the API server itself, not by the schema.
    root.remove("apiVersion");
    root.remove("kind");
    root.remove("metadata");
    out.addAll(CHECKER.check(crd.schema(), root, kind));
    return out;
  }
}
