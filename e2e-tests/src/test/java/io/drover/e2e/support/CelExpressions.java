package io.drover.e2e.support;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a ValidatingAdmissionPolicy's CEL as kube-apiserver does at admission: standard CEL and
 * macros (has(), in, startsWith, size), with the policy's variables ({@code object}, {@code
 * oldObject}, {@code request}) dynamically typed, as the API server binds them at run time.
 *
 * <p>CRD schemas are checked by local mode's {@code CrdAdmission} instead; its CEL environment is
 * built for {@code x-kubernetes-validations} ({@code self} and {@code oldSelf} typed from a
 * structural schema) and is not public, so it cannot bind a policy's variables.
 */
public final class CelExpressions {
  private CelExpressions() {}

  /** Compiles {@code expression} with the given variable names, all of type dyn. */
  public static Compiled compile(String expression, String... variables) {
    var builder =
        CelFactory.standardCelBuilder().setStandardMacros(CelStandardMacro.STANDARD_MACROS);
    for (String v : variables) {
      builder.addVar(v, SimpleType.DYN);
    }
    Cel cel = builder.build();
    try {
      CelAbstractSyntaxTree ast = cel.compile(expression).getAst();
      return new Compiled(expression, cel, ast);
    } catch (CelValidationException e) {
      throw new IllegalArgumentException("CEL does not compile: " + expression + "\n" + e, e);
    }
  }

  /** A compiled expression. */
  public record Compiled(String expression, Cel cel, CelAbstractSyntaxTree ast) {
    public Object eval(Map<String, ?> variables) {
      Map<String, Object> vars = new LinkedHashMap<>();
      variables.forEach((k, v) -> vars.put(k, toCel(v)));
      try {
        return cel.createProgram(ast).eval(vars);
      } catch (CelEvaluationException e) {
        throw new IllegalStateException("CEL evaluation failed: " + expression + ": " + e, e);
      }
    }

    public boolean test(Map<String, ?> variables) {
      Object result = eval(variables);
      if (!(result instanceof Boolean b)) {
        throw new IllegalStateException(expression + " returned " + result + ", not a bool");
      }
      return b;
    }
  }

  /** JSON-like Java values to CEL values: ints to int64, null to CEL null, recursively. */
  static Object toCel(Object v) {
    if (v == null) {
      return NullValue.NULL_VALUE;
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Float f) {
      return f.doubleValue();
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, val) -> out.put(String.valueOf(k), toCel(val)));
      return out;
    }
    if (v instanceof List<?> l) {
      return l.stream().map(CelExpressions::toCel).toList();
    }
    return v;
  }
}
