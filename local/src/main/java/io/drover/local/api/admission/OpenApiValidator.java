package io.drover.local.api.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.local.api.admission.OpenApiResult.Error;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI v3 validation kube-apiserver runs on custom resources: a port of kube-openapi's
 * {@code validate.SchemaValidator} (type, anyOf/allOf/oneOf/not, string, format, number, array,
 * enum and object checks, in that order) with apiextensions' ratcheting, so that the errors, their
 * names and their messages are the ones a real cluster gives.
 *
 * <p>{@code path} is kube-openapi's name for the value ({@code spec.steps[0].weight}, empty for the
 * root); a non-null {@link Correlation} pairs the value with the stored one on updates, and errors
 * in a value equal to the stored one are dropped (CRD validation ratcheting).
 */
final class OpenApiValidator {
  private OpenApiValidator() {}

  static OpenApiResult validate(Schema s, JsonNode data, String path, Correlation old) {
    OpenApiResult result = validateNode(s, data, path, old);
    if (old != null && !result.isValid() && old.unchanged()) {
      result.dropErrors();
    }
    return result;
  }

  private static OpenApiResult validateNode(Schema s, JsonNode data, String path, Correlation old) {
    OpenApiResult result = new OpenApiResult();
    if (data == null || data.isNull()) {
      result.merge(typeCheck(s, null, path));
      result.merge(enumCheck(s, null, path));
      return result;
    }
    if (!s.validatorTypes().isEmpty() || !s.validatedFormat.isEmpty()) {
      result.merge(typeCheck(s, data, path));
      result.inc();
    }
    result.merge(junctions(s, data, path, old));
    result.inc();
    if (data.isTextual()) {
      result.merge(stringCheck(s, data, path));
      result.inc();
      if (s.knownFormat) {
        if (!StringFormats.validates(s.validatedFormat, data.textValue())) {
          result.add(invalidType(path, s.validatedFormat, data.textValue()));
        }
        result.inc();
      }
    }
    if (data.isNumber()) {
      result.merge(NumberChecks.validate(s, data, path));
      result.inc();
    }
    if (data.isArray()) {
      result.merge(arrayCheck(s, data, path, old));
      result.inc();
    }
    result.merge(enumCheck(s, data, path));
    result.inc();
    if (data.isObject()) {
      result.merge(objectCheck(s, data, path, old));
      result.inc();
    }
    result.inc();
    return result;
  }

  private static OpenApiResult typeCheck(Schema s, JsonNode data, String path) {
    List<String> types = s.validatorTypes();
    String format = s.validatedFormat;
    OpenApiResult result = new OpenApiResult();
    result.inc();
    if (data == null) {
      if (!types.isEmpty() && !types.contains("null") && !s.nullable) {
        return OpenApiResult.failure(invalidType(path, String.join(",", types), "null"));
      }
      return result;
    }
    String schType = jsonType(data);
    String dataFormat = GoValues.isInt64(data) ? "int64" : data.isNumber() ? "float64" : "";
    boolean isFloatInt =
        schType.equals("number")
            && NumberChecks.isJsonInteger(data.doubleValue())
            && types.contains("integer");
    boolean isIntFloat = schType.equals("integer") && types.contains("number");
    boolean stringOrSlice = data.isTextual() || data.isArray();
    if (!stringOrSlice
        && !format.isEmpty()
        && !(types.contains(schType) || dataFormat.equals(format) || isFloatInt || isIntFloat)) {
      return OpenApiResult.failure(invalidType(path, format, dataFormat));
    }
    if (!(types.contains("number") || types.contains("integer"))
        && !format.isEmpty()
        && stringOrSlice) {
      return result;
    }
    if (!(types.contains(schType) || isFloatInt || isIntFloat)) {
      return OpenApiResult.failure(invalidType(path, String.join(",", types), schType));
    }
    return result;
  }

  /** anyOf, oneOf, allOf and not ({@code schemaPropsValidator}). */
  private static OpenApiResult junctions(Schema s, JsonNode data, String path, Correlation old) {
    OpenApiResult main = new OpenApiResult();
    if (!s.anyOf.isEmpty()) {
      OpenApiResult best = null;
      OpenApiResult firstSuccess = null;
      boolean succeeded = false;
      for (Schema branch : s.anyOf) {
        OpenApiResult r = validateNode(branch, data, path, old);
        if (r.isValid()) {
          best = null;
          succeeded = true;
          firstSuccess = r;
          break;
        }
        if (best == null || r.matchCount > best.matchCount) {
          best = r;
        }
      }
      if (!succeeded) {
        main.add(Error.plain(GoValues.quote(path) + " must validate at least one schema (anyOf)"));
      }
      main.merge(best != null ? best : firstSuccess);
    }
    if (!s.oneOf.isEmpty()) {
      OpenApiResult best = null;
      OpenApiResult firstSuccess = null;
      int valid = 0;
      for (Schema branch : s.oneOf) {
        OpenApiResult r = validateNode(branch, data, path, old);
        if (r.isValid()) {
          valid++;
          best = null;
          if (firstSuccess == null) {
            firstSuccess = r;
          }
          continue;
        }
        if (valid == 0 && (best == null || r.matchCount > best.matchCount)) {
          best = r;
        }
      }
      if (valid != 1) {
        String detail = valid == 0 ? "Found none valid" : "Found " + valid + " valid alternatives";
        main.add(
            Error.plain(
                GoValues.quote(path)
                    + " must validate one and only one schema (oneOf). "
                    + detail));
        main.merge(best);
      } else {
        main.merge(firstSuccess);
      }
    }
    if (!s.allOf.isEmpty()) {
      int valid = 0;
      for (Schema branch : s.allOf) {
        OpenApiResult r = validateNode(branch, data, path, old);
        if (r.isValid()) {
          valid++;
        }
        main.merge(r);
      }
      if (valid != s.allOf.size()) {
        main.add(
            Error.plain(
                GoValues.quote(path)
                    + " must validate all the schemas (allOf)"
                    + (valid == 0 ? ". None validated" : "")));
      }
    }
    if (s.not != null && validateNode(s.not, data, path, old).isValid()) {
      main.add(Error.plain(GoValues.quote(path) + " must not validate the schema (not)"));
    }
    main.inc();
    return main;
  }

  private static OpenApiResult stringCheck(Schema s, JsonNode data, String path) {
    String value = data.textValue();
    long length = value.codePointCount(0, value.length());
    if (s.maxLength != null && length > s.maxLength) {
      return OpenApiResult.failure(
          Error.of(
              OpenApiResult.TOO_LONG,
              path,
              data,
              s.maxLength,
              path + " in body should be at most " + s.maxLength + " chars long"));
    }
    if (s.minLength != null && length < s.minLength) {
      return OpenApiResult.failure(
          Error.of(
              OpenApiResult.TOO_SHORT,
              path,
              data,
              s.minLength,
              path + " in body should be at least " + s.minLength + " chars long"));
    }
    if (s.compiledPattern != null && !s.compiledPattern.matcher(value).find()) {
      return OpenApiResult.failure(
          Error.of(
              OpenApiResult.PATTERN,
              path,
              data,
              null,
              path + " in body should match '" + s.pattern + "'"));
    }
    return null;
  }

  private static OpenApiResult arrayCheck(Schema s, JsonNode data, String path, Correlation old) {
    OpenApiResult result = new OpenApiResult();
    int size = data.size();
    if (s.items != null) {
      for (int i = 0; i < size; i++) {
        Correlation item = old == null ? null : old.index(i);
        result.merge(validate(s.items, data.get(i), path + "[" + i + "]", item));
      }
    }
    if (s.minItems != null && size < s.minItems) {
      result.add(
          Error.of(
              OpenApiResult.MIN_ITEMS,
              path,
              (long) size,
              s.minItems,
              path + " in body should have at least " + s.minItems + " items"));
    }
    if (s.maxItems != null && size > s.maxItems) {
      result.add(
          Error.of(
              OpenApiResult.MAX_ITEMS,
              path,
              (long) size,
              s.maxItems,
              path + " in body should have at most " + s.maxItems + " items"));
    }
    if (s.uniqueItems && hasDuplicates(data)) {
      result.add(
          Error.of(
              OpenApiResult.UNIQUE,
              path,
              null,
              null,
              path + " in body shouldn't contain duplicates"));
    }
    result.inc();
    return result;
  }

  private static boolean hasDuplicates(JsonNode array) {
    for (int i = 0; i < array.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (Correlation.deepEqual(array.get(i), array.get(j))) {
          return true;
        }
      }
    }
    return false;
  }

  /** The enum check ({@code basicCommonValidator}), with Go's type conversions. */
  private static OpenApiResult enumCheck(Schema s, JsonNode data, String path) {
    if (s.enumValues.isEmpty()) {
      return null;
    }
    if (data != null && !data.isNull()) {
      for (JsonNode allowed : s.enumValues) {
        if (enumMatches(data, allowed)) {
          return null;
        }
      }
    }
    return OpenApiResult.failure(
        new Error(
            true,
            OpenApiResult.ENUM,
            path,
            data != null && data.isNull() ? null : data,
            null,
            s.enumValues,
            path + " in body should be one of " + s.enumValues));
  }

  /** Go's {@code reflect.Value.Convert} to the enum value's type, then {@code DeepEqual}. */
  private static boolean enumMatches(JsonNode data, JsonNode allowed) {
    if (allowed.isTextual()) {
      if (data.isTextual()) {
        return data.textValue().equals(allowed.textValue());
      }
      if (GoValues.isInt64(data)) {
        long v = data.longValue();
        String rune =
            v >= 0 && v <= Character.MAX_CODE_POINT && !(v >= 0xD800 && v <= 0xDFFF)
                ? new String(Character.toChars((int) v))
                : "\uFFFD";
        return rune.equals(allowed.textValue());
      }
      return false;
    }
    if (allowed.isNumber()) {
      if (!data.isNumber()) {
        return false;
      }
      if (GoValues.isInt64(allowed)) {
        long v = GoValues.isInt64(data) ? data.longValue() : (long) data.doubleValue();
        return v == allowed.longValue();
      }
      return data.doubleValue() == allowed.doubleValue();
    }
    return Correlation.deepEqual(data, allowed);
  }

  private static OpenApiResult objectCheck(Schema s, JsonNode data, String path, Correlation old) {
    OpenApiResult res = new OpenApiResult();
    long keys = data.size();
    if (s.minProperties != null && keys < s.minProperties) {
      res.add(
          Error.of(
              OpenApiResult.TOO_FEW_PROPERTIES,
              path,
              keys,
              s.minProperties,
              path + " in body should have at least " + s.minProperties + " properties"));
    }
    if (s.maxProperties != null && keys > s.maxProperties) {
      res.add(
          Error.of(
              OpenApiResult.TOO_MANY_PROPERTIES,
              path,
              keys,
              s.maxProperties,
              path + " in body should have at most " + s.maxProperties + " properties"));
    }
    Map<String, Schema> properties = s.properties == null ? Map.of() : s.properties;
    if (Boolean.FALSE.equals(s.additionalPropertiesAllowed)) {
      for (Iterator<String> it = data.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!properties.containsKey(k)) {
          res.add(
              Error.of(
                  OpenApiResult.UNALLOWED_PROPERTY,
                  path,
                  k,
                  null,
                  path + "." + k + " in body is a forbidden property"));
        }
      }
    } else if (s.additionalProperties != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!properties.containsKey(e.getKey())) {
          res.merge(
              validate(
                  s.additionalProperties,
                  e.getValue(),
                  path + "." + e.getKey(),
                  child(old, path, e.getKey())));
        }
      }
    }
    for (Map.Entry<String, Schema> p : properties.entrySet()) {
      JsonNode v = data.get(p.getKey());
      if (v != null) {
        String name = path.isEmpty() ? p.getKey() : path + "." + p.getKey();
        res.merge(validate(p.getValue(), v, name, child(old, path, p.getKey())));
      }
    }
    for (String k : s.required) {
      if (!data.has(k)) {
        res.add(
            Error.of(
                OpenApiResult.REQUIRED,
                path + "." + k,
                null,
                null,
                path + "." + k + " in body is required"));
      }
    }
    return res;
  }

  /** The stored partner of a field; a resource's apiVersion and kind are never ratcheted. */
  private static Correlation child(Correlation old, String path, String key) {
    if (old == null || (path.isEmpty() && (key.equals("kind") || key.equals("apiVersion")))) {
      return null;
    }
    return old.key(key);
  }

  private static Error invalidType(String path, String typeName, String value) {
    return Error.of(
        OpenApiResult.INVALID_TYPE,
        path,
        value,
        null,
        path + " in body must be of type " + typeName + ": " + GoValues.quote(value));
  }

  /** The JSON type kube-openapi infers from a decoded value. */
  static String jsonType(JsonNode data) {
    if (data.isTextual()) {
      return "string";
    }
    if (data.isBoolean()) {
      return "boolean";
    }
    if (GoValues.isInt64(data)) {
      return "integer";
    }
    if (data.isNumber()) {
      return "number";
    }
    if (data.isArray()) {
      return "array";
    }
    return "object";
  }
}
