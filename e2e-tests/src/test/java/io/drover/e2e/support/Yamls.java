package io.drover.e2e.support;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** Multi-document YAML as plain maps and lists, the way kubectl reads it. */
public final class Yamls {
  public static final ObjectMapper MAPPER = new YAMLMapper();

  private Yamls() {}

  public static List<Map<String, Object>> parseAll(String text) {
    try (MappingIterator<Map<String, Object>> docs =
        MAPPER
            .readerFor(new TypeReference<Map<String, Object>>() {})
            .readValues(new YAMLFactory().createParser(text))) {
      List<Map<String, Object>> out = new ArrayList<>();
      while (docs.hasNext()) {
        Map<String, Object> doc = docs.next();
        if (doc != null && !doc.isEmpty()) {
          out.add(doc);
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<Map<String, Object>> parseAll(Path file) {
    try {
      return parseAll(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  public static Map<String, Object> parseOne(Path file) {
    List<Map<String, Object>> docs = parseAll(file);
    if (docs.size() != 1) {
      throw new IllegalArgumentException(file + " holds " + docs.size() + " documents, not 1");
    }
    return docs.get(0);
  }

  /** The value at a dotted path of map keys, or null. */
  @SuppressWarnings("unchecked")
  public static <T> T at(Object root, String dottedPath) {
    Object cur = root;
    for (String key : dottedPath.split("\\.")) {
      if (!(cur instanceof Map<?, ?> map)) {
        return null;
      }
      cur = map.get(key);
    }
    return (T) cur;
  }

  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> list(Object root, String dottedPath) {
    List<Map<String, Object>> value = at(root, dottedPath);
    return value == null ? List.of() : value;
  }

  public static String kind(Map<String, Object> obj) {
    return Objects.toString(obj.get("kind"), null);
  }

  public static String name(Map<String, Object> obj) {
    return at(obj, "metadata.name");
  }

  public static List<Map<String, Object>> ofKind(List<Map<String, Object>> objs, String kind) {
    return objs.stream().filter(o -> kind.equals(kind(o))).collect(Collectors.toList());
  }

  public static Map<String, Object> single(List<Map<String, Object>> objs, String kind) {
    List<Map<String, Object>> found = ofKind(objs, kind);
    if (found.size() != 1) {
      throw new AssertionError("expected exactly one " + kind + ", found " + found.size());
    }
    return found.get(0);
  }
}
