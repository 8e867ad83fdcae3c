package io.drover.local.api.admission;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.OptionalType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.cel.runtime.CelStandardFunctions;
import io.drover.local.api.admission.Schema.ValidationRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compiles a schema's {@code x-kubernetes-validations} once, into a tree of {@link Node}s that
 * follows the schema where it has rules. The environment is Kubernetes' for CRD rules: standard CEL
 * and macros, optional types, cross-type numeric comparisons, homogeneous literals, the strings,
 * sets, lists and two-variable comprehension extensions, and {@link KubernetesCelLibrary}; {@code
 * self} and {@code oldSelf} are typed from the schema.
 */
final class CelRules {
  static final CelOptions OPTIONS =
      CelOptions.current()
          .enableOptionalSyntax(true)
          .enableHeterogeneousNumericComparisons(true)
          .enableHomogeneousLiterals(true)
          .build();

  /** One runtime serves every CRD: it holds functions only, no declarations. */
  static final CelRuntime RUNTIME =
      CelRuntimeFactory.standardCelRuntimeBuilder()
          .setOptions(OPTIONS)
          .setStandardEnvironmentEnabled(false)
          .setStandardFunctions(
              CelStandardFunctions.newBuilder()
                  .excludeFunctions(CelStandardFunctions.StandardFunction.MATCHES)
                  .build())
          .addLibraries(
              CelExtensions.strings(),
              CelExtensions.sets(OPTIONS),
              CelExtensions.lists(),
              CelExtensions.comprehensions(),
              CelExtensions.optional(),
              KubernetesCelLibrary.INSTANCE)
          .build();

  static final String SELF = "self";
  static final String OLD_SELF = "oldSelf";

  /** A compiled rule: the program, whether it is a transition rule, its message and field. */
  record CompiledRule(
      ValidationRule rule,
      CelRuntime.Program program,
      boolean usesOldSelf,
      CelRuntime.Program messageExpression,
      String fieldPath) {}

  /** The rules at one schema node and the nodes below it that have rules. */
  static final class Node {
    final Schema schema;
    final List<CompiledRule> rules;
    final Node items;
    final Node additionalProperties;
    final Map<String, Node> properties;
    final List<Node> allOf;

    private Node(
        Schema schema,
        List<CompiledRule> rules,
        Node items,
        Node additionalProperties,
        Map<String, Node> properties,
        List<Node> allOf) {
      this.schema = schema;
      this.rules = rules;
      this.items = items;
      this.additionalProperties = additionalProperties;
      this.properties = properties;
      this.allOf = allOf;
    }
  }

  private final CelCompiler base;
  private final CelTypes types;
  private final String crdName;

  private CelRules(String crdName, String version) {
    this.crdName = crdName;
    this.types = new CelTypes(crdName + "." + version);
    this.base =
        CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .setTypeProvider(types)
            .addLibraries(
                CelExtensions.strings(),
                CelExtensions.sets(OPTIONS),
                CelExtensions.lists(),
                CelExtensions.comprehensions(),
                CelExtensions.optional(),
                KubernetesCelLibrary.INSTANCE)
            .build();
  }

  /**
   * The rule tree of a version's schema, or null when it has no rules.
   *
   * @throws IllegalArgumentException naming the CRD, the schema node and the rule when a rule does
   *     not compile, does not return a bool, or names a field that does not exist
   */
  static Node compile(String crdName, String version, Schema root) {
    if (!root.hasRules()) {
      return null;
    }
    CelRules rules = new CelRules(crdName, version);
    CelType type = rules.types.typeOf(root, true).orElse(null);
    return rules.node(root, root, true, type, "openAPIV3Schema");
  }

  private Node node(
      Schema validation, Schema schema, boolean resource, CelType type, String where) {
    Schema sts = resource ? schema.withTypeAndObjectMeta() : schema;
    List<CompiledRule> compiled = new ArrayList<>();
    if (!validation.rules.isEmpty()) {
      if (type == null) {
        throw failure(
            where,
            validation.rules.get(0),
            "failed to convert to declType for CEL validation rules");
      }
      for (ValidationRule rule : validation.rules) {
        if (!rule.rule().isBlank()) {
          compiled.add(compileRule(rule, sts, type, where));
        }
      }
    }
    CelType elem = elementType(type);
    Node items = null;
    if (validation.items != null && schema.items != null) {
      items =
          node(
              validation.items,
              schema.items,
              schema.items.embeddedResource,
              elem,
              where + ".items");
    }
    Map<String, Node> properties = new LinkedHashMap<>();
    if (validation.properties != null) {
      for (Map.Entry<String, Schema> e : validation.properties.entrySet()) {
        Schema prop = schema.properties == null ? null : schema.properties.get(e.getKey());
        if (prop == null) {
          continue;
        }
        CelType fieldType;
        Optional<String> escaped = CelEscaping.escape(e.getKey());
        if (escaped.isPresent()) {
          fieldType =
              type instanceof StructType struct
                  ? struct.findField(escaped.get()).map(StructType.Field::type).orElse(null)
                  : null;
        } else {
          fieldType = types.typeOf(prop, prop.embeddedResource).orElse(null);
        }
        if (fieldType == null) {
          continue;
        }
        Node child =
            node(
                e.getValue(),
                prop,
                prop.embeddedResource,
                fieldType,
                where + ".properties." + e.getKey());
        if (child != null) {
          properties.put(e.getKey(), child);
        }
      }
    }
    Node additional = null;
    if (validation.additionalProperties != null && schema.additionalProperties != null) {
      additional =
          node(
              validation.additionalProperties,
              schema.additionalProperties,
              schema.additionalProperties.embeddedResource,
              elem,
              where + ".additionalProperties");
    }
    List<Node> allOf = new ArrayList<>();
    for (int i = 0; i < validation.allOf.size(); i++) {
      Node branch =
          node(validation.allOf.get(i), schema, resource, type, where + ".allOf[" + i + "]");
      if (branch != null) {
        allOf.add(branch);
      }
    }
    if (compiled.isEmpty()
        && items == null
        && additional == null
        && properties.isEmpty()
        && allOf.isEmpty()) {
      return null;
    }
    return new Node(
        sts, List.copyOf(compiled), items, additional, Map.copyOf(properties), List.copyOf(allOf));
  }

  private CompiledRule compileRule(ValidationRule rule, Schema sts, CelType type, String where) {
    CelType oldType = rule.optionalOldSelf() ? OptionalType.create(type) : type;
    CelCompiler compiler =
        base.toCompilerBuilder().addVar(SELF, type).addVar(OLD_SELF, oldType).build();
    CelAbstractSyntaxTree ast = check(compiler, rule.rule(), where, rule, "compilation failed: ");
    if (!ast.getResultType().equals(SimpleType.BOOL)) {
      throw failure(where, rule, "cel expression must evaluate to a bool");
    }
    boolean usesOldSelf =
        ast.getReferenceMap().values().stream().anyMatch(r -> r.name().equals(OLD_SELF));
    CelRuntime.Program program = program(ast, where, rule);
    CelRuntime.Program message = null;
    if (!rule.messageExpression().isEmpty()) {
      CelAbstractSyntaxTree msgAst =
          check(
              compiler,
              rule.messageExpression(),
              where,
              rule,
              "messageExpression compilation failed: ");
      if (!msgAst.getResultType().equals(SimpleType.STRING)) {
        throw failure(where, rule, "messageExpression must evaluate to a string");
      }
      message = program(msgAst, where, rule);
    }
    String fieldPath = "";
    if (!rule.fieldPath().isEmpty()) {
      try {
        fieldPath = RuleFieldPath.normalize(rule.fieldPath(), sts);
      } catch (IllegalArgumentException e) {
        throw failure(where, rule, "fieldPath " + rule.fieldPath() + ": " + e.getMessage());
      }
    }
    return new CompiledRule(rule, program, usesOldSelf, message, fieldPath);
  }

  private CelAbstractSyntaxTree check(
      CelCompiler compiler, String expression, String where, ValidationRule rule, String prefix) {
    try {
      return compiler.compile(expression).getAst();
    } catch (CelValidationException e) {
      throw failure(where, rule, prefix + e.getMessage());
    }
  }

  private CelRuntime.Program program(CelAbstractSyntaxTree ast, String where, ValidationRule rule) {
    try {
      return RUNTIME.createProgram(ast);
    } catch (CelEvaluationException e) {
      throw failure(where, rule, "program instantiation failed: " + e.getMessage());
    }
  }

  private IllegalArgumentException failure(String where, ValidationRule rule, String detail) {
    return new IllegalArgumentException(
        "CustomResourceDefinition "
            + crdName
            + ": x-kubernetes-validations rule "
            + GoValues.quote(rule.rule())
            + " at "
            + where
            + ": "
            + detail);
  }

  private static CelType elementType(CelType type) {
    if (type instanceof ListType list) {
      return list.elemType();
    }
    if (type instanceof MapType map) {
      return map.valueType();
    }
    return null;
  }
}
