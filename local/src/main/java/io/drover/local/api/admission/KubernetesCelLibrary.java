package io.drover.local.api.admission;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.cel.checker.CelCheckerBuilder;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.TypeParamType;
import dev.cel.compiler.CelCompilerLibrary;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntimeBuilder;
import dev.cel.runtime.CelRuntimeLibrary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The parts of Kubernetes' own CEL libraries that cel-java lacks: the lists library ({@code
 * isSorted}, {@code sum}, {@code min}, {@code max}, {@code indexOf}, {@code lastIndexOf}) and the
 * regex library ({@code find}, {@code findAll}); and {@code matches} with its patterns compiled
 * once (cel-java compiles the pattern on every call). Not provided: {@code url}/{@code isURL},
 * {@code quantity}, {@code ip}/{@code cidr}, {@code format} and {@code semver}; a rule calling them
 * fails to compile.
 */
final class KubernetesCelLibrary implements CelCompilerLibrary, CelRuntimeLibrary {
  static final KubernetesCelLibrary INSTANCE = new KubernetesCelLibrary();

  private static final int MAX_CACHED_PATTERNS = 4096;
  private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();
  private static final TypeParamType T = TypeParamType.create("T");
  private static final CelType LIST_T = ListType.create(T);

  private KubernetesCelLibrary() {}

  @Override
  public void setCheckerOptions(CelCheckerBuilder checker) {
    checker.addFunctionDeclarations(
        member("isSorted", "list_is_sorted", SimpleType.BOOL, LIST_T),
        member("sum", "list_sum", T, LIST_T),
        member("min", "list_min", T, LIST_T),
        member("max", "list_max", T, LIST_T),
        member("indexOf", "list_index_of", SimpleType.INT, LIST_T, T),
        member("lastIndexOf", "list_last_index_of", SimpleType.INT, LIST_T, T),
        member(
            "find", "string_find_string", SimpleType.STRING, SimpleType.STRING, SimpleType.STRING),
        CelFunctionDecl.newFunctionDeclaration(
            "findAll",
            CelOverloadDecl.newMemberOverload(
                "string_find_all_string",
                ListType.create(SimpleType.STRING),
                SimpleType.STRING,
                SimpleType.STRING),
            CelOverloadDecl.newMemberOverload(
                "string_find_all_string_int",
                ListType.create(SimpleType.STRING),
                SimpleType.STRING,
                SimpleType.STRING,
                SimpleType.INT)));
  }

  @Override
  public void setRuntimeOptions(CelRuntimeBuilder runtime) {
    runtime.addFunctionBindings(
        CelFunctionBinding.from("list_is_sorted", List.class, KubernetesCelLibrary::isSorted),
        CelFunctionBinding.from("list_sum", List.class, KubernetesCelLibrary::sum),
        CelFunctionBinding.from("list_min", List.class, l -> extreme(l, -1, "min")),
        CelFunctionBinding.from("list_max", List.class, l -> extreme(l, 1, "max")),
        CelFunctionBinding.from(
            "list_index_of", List.class, Object.class, (l, v) -> (long) l.indexOf(v)),
        CelFunctionBinding.from(
            "list_last_index_of", List.class, Object.class, (l, v) -> (long) l.lastIndexOf(v)),
        CelFunctionBinding.from(
            "matches", String.class, String.class, (s, re) -> compile(re).matcher(s).find()),
        CelFunctionBinding.from(
            "matches_string", String.class, String.class, (s, re) -> compile(re).matcher(s).find()),
        CelFunctionBinding.from(
            "string_find_string",
            String.class,
            String.class,
            (s, re) -> {
              Matcher m = compile(re).matcher(s);
              return m.find() ? m.group() : "";
            }),
        CelFunctionBinding.from(
            "string_find_all_string", String.class, String.class, (s, re) -> findAll(s, re, -1)),
        CelFunctionBinding.from(
            "string_find_all_string_int",
            List.<Class<?>>of(String.class, String.class, Long.class),
            args -> findAll((String) args[0], (String) args[1], (Long) args[2])));
  }

  private static CelFunctionDecl member(String name, String id, CelType result, CelType... args) {
    return CelFunctionDecl.newFunctionDeclaration(
        name, CelOverloadDecl.newMemberOverload(id, result, args));
  }

  private static boolean isSorted(List<?> list) throws CelEvaluationException {
    for (int i = 1; i < list.size(); i++) {
      if (compare(list.get(i - 1), list.get(i)) > 0) {
        return false;
      }
    }
    return true;
  }

  private static Object sum(List<?> list) throws CelEvaluationException {
    if (list.isEmpty()) {
      return 0L;
    }
    Object first = list.get(0);
    if (first instanceof Long) {
      long total = 0;
      for (Object v : list) {
        try {
          total = Math.addExact(total, (Long) v);
        } catch (ArithmeticException e) {
          throw new CelEvaluationException("integer overflow");
        }
      }
      return total;
    }
    if (first instanceof Double) {
      double total = 0;
      for (Object v : list) {
        total += (Double) v;
      }
      return total;
    }
    if (first instanceof Duration) {
      Duration total = Duration.ZERO;
      for (Object v : list) {
        total = total.plus((Duration) v);
      }
      return total;
    }
    throw new CelEvaluationException("no such overload");
  }

  private static Object extreme(List<?> list, int sign, String name) throws CelEvaluationException {
    if (list.isEmpty()) {
      throw new CelEvaluationException(name + " called on empty list");
    }
    Object best = list.get(0);
    for (Object v : list) {
      if (compare(v, best) * sign > 0) {
        best = v;
      }
    }
    return best;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compare(Object a, Object b) throws CelEvaluationException {
    if (a instanceof Number x && b instanceof Number y) {
      return a instanceof Long && b instanceof Long
          ? Long.compare((Long) a, (Long) b)
          : Double.compare(x.doubleValue(), y.doubleValue());
    }
    if (a instanceof Comparable c && a.getClass() == b.getClass()) {
      return c.compareTo(b);
    }
    throw new CelEvaluationException("no such overload");
  }

  private static List<String> findAll(String s, String re, long limit)
      throws CelEvaluationException {
    List<String> out = new ArrayList<>();
    Matcher m = compile(re).matcher(s);
    while ((limit < 0 || out.size() < limit) && m.find()) {
      out.add(m.group());
    }
    return out;
  }

  /** Rules match against the same few patterns on every write: compile each once. */
  private static Pattern compile(String re) throws CelEvaluationException {
    Pattern p = PATTERNS.get(re);
    if (p != null) {
      return p;
    }
    try {
      p = Pattern.compile(re);
    } catch (PatternSyntaxException e) {
      throw new CelEvaluationException(e.getMessage());
    }
    if (PATTERNS.size() >= MAX_CACHED_PATTERNS) {
      PATTERNS.clear();
    }
    PATTERNS.put(re, p);
    return p;
  }
}
