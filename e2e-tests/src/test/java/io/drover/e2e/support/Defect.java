package io.drover.e2e.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One malformed resource: a valid base object of a kind with one defect, and what admission must
 * answer: a refusal naming {@code field} whose message says what to do ({@code hint}).
 *
 * @param kind the base object's kind
 * @param what the defect, in words
 * @param edits how the base is broken: each sets (or, with {@link #REMOVE}, removes) a path
 * @param field the field path kube-apiserver must name, as {@code kubectl} prints it
 * @param hint text the refusal's message must contain (case-insensitive)
 */
public record Defect(String kind, String what, List<Edit> edits, String field, String hint) {

  /** The value that removes the field it is set on. */
  public static final Object REMOVE = new Object();

  private static final Pattern STEP = Pattern.compile("([^.\\[]+)|\\[(\\d+)]");

  /** Sets {@code path} (dotted keys, {@code [i]} list indices) to {@code value}. */
  public record Edit(String path, Object value) {}

  @Override
  public String toString() {
    return kind + ": " + what;
  }

  /** A copy of {@code base} with this defect. */
  public Map<String, Object> applyTo(Map<String, Object> base) {
    Map<String, Object> copy = deepCopy(base);
    for (Edit edit : edits) {
      set(copy, edit.path(), edit.value());
    }
    return copy;
  }

  @SuppressWarnings("unchecked")
  private static void set(Map<String, Object> root, String path, Object value) {
    List<Object> steps = new ArrayList<>();
    Matcher m = STEP.matcher(path);
    while (m.find()) {
      steps.add(m.group(1) != null ? m.group(1) : (Object) Integer.parseInt(m.group(2)));
    }
    Object current = root;
    for (int i = 0; i < steps.size() - 1; i++) {
      Object step = steps.get(i);
      current =
          step instanceof Integer index
              ? ((List<Object>) current).get(index)
              : ((Map<String, Object>) current)
                  .computeIfAbsent((String) step, k -> new LinkedHashMap<String, Object>());
    }
    Object last = steps.get(steps.size() - 1);
    if (last instanceof Integer index) {
      List<Object> list = (List<Object>) current;
      if (value == REMOVE) {
        list.remove((int) index);
      } else {
        list.set(index, value);
      }
    } else if (value == REMOVE) {
      ((Map<String, Object>) current).remove(last);
    } else {
      ((Map<String, Object>) current).put((String) last, value);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T deepCopy(T value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put((String) k, deepCopy(v)));
      return (T) copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      list.forEach(v -> copy.add(deepCopy(v)));
      return (T) copy;
    }
    return value;
  }
}
