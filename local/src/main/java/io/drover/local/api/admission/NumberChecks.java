package io.drover.local.api.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.drover.local.api.admission.OpenApiResult.Error;

/**
 * kube-openapi's number validator: minimum, maximum (each possibly exclusive), multipleOf, and the
 * range of int32/int64/float formats, compared as int64 when the value is an integer and as float64
 * otherwise, with messages such as {@code spec.x in body should be less than or equal to 100}.
 */
final class NumberChecks {
  private static final double MAX_JSON_FLOAT = 9007199254740991.0;

  private NumberChecks() {}

  static OpenApiResult validate(Schema s, JsonNode data, String path) {
    String typeName = "";
    String format = "";
    if (s.validatorTypes().size() == 1) {
      switch (s.validatorTypes().get(0)) {
        case "integer" -> {
          typeName = "integer";
          if (s.validatedFormat.equals("int32") || s.validatedFormat.equals("int64")) {
            format = s.validatedFormat;
          }
        }
        case "number" -> {
          typeName = "number";
          if (s.validatedFormat.equals("float") || s.validatedFormat.equals("double")) {
            format = s.validatedFormat;
          }
        }
        default -> {}
      }
    }
    boolean isInt = GoValues.isInt64(data);
    OpenApiResult res = new OpenApiResult();
    OpenApiResult multiple = new OpenApiResult();
    OpenApiResult minimum = new OpenApiResult();
    OpenApiResult maximum = new OpenApiResult();
    res.add(
        rangeError(isInt, data.longValue(), data.doubleValue(), typeName, format, "Checked", path));

    if (s.multipleOf != null) {
      double factor = s.multipleOf;
      multiple.add(rangeError(false, 0, factor, typeName, format, "MultipleOf", path));
      if (multiple.isValid() && isInt) {
        multiple.add(multipleOfInt(path, data, (long) factor));
      } else {
        multiple.add(multipleOfFloat(path, data, factor));
      }
    }
    if (s.maximum != null) {
      double max = s.maximum;
      maximum.add(rangeError(false, 0, max, typeName, format, "Maximum boundary", path));
      boolean exclusive = s.exclusiveMaximum;
      if (maximum.isValid() && isInt) {
        long v = data.longValue();
        long m = (long) max;
        if (exclusive ? v >= m : v > m) {
          maximum.add(bound(OpenApiResult.MAX, path, "less than", exclusive, m, data));
        }
      } else {
        double v = data.doubleValue();
        if (exclusive ? v >= max : v > max) {
          maximum.add(bound(OpenApiResult.MAX, path, "less than", exclusive, max, data));
        }
      }
    }
    if (s.minimum != null) {
      double min = s.minimum;
      minimum.add(rangeError(false, 0, min, typeName, format, "Minimum boundary", path));
      boolean exclusive = s.exclusiveMinimum;
      if (minimum.isValid() && isInt) {
        long v = data.longValue();
        long m = (long) min;
        if (exclusive ? v <= m : v < m) {
          minimum.add(bound(OpenApiResult.MIN, path, "greater than", exclusive, m, data));
        }
      } else {
        double v = data.doubleValue();
        if (exclusive ? v <= min : v < min) {
          minimum.add(bound(OpenApiResult.MIN, path, "greater than", exclusive, min, data));
        }
      }
    }
    res.merge(multiple).merge(minimum).merge(maximum);
    res.inc();
    return res;
  }

  /**
   * {@code IsValueValidAgainstRange}: whether a number fits the type and format it is used with.
   */
  private static Error rangeError(
      boolean isInt,
      long longValue,
      double doubleValue,
      String typeName,
      String format,
      String prefix,
      String path) {
    boolean ok = true;
    if (typeName.equals("integer")) {
      // Go formats the value with 'f' and parses it back as an int64 (an int32 for int32)
      long v = longValue;
      if (!isInt) {
        ok = doubleValue == Math.rint(doubleValue) && Math.abs(doubleValue) < 9.2e18;
        v = (long) doubleValue;
      }
      ok = ok && (!format.equals("int32") || (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE));
    } else if (format.equals("float")) {
      ok = Float.isFinite((float) (isInt ? (double) longValue : doubleValue));
    }
    if (ok) {
      return null;
    }
    String message =
        format.isEmpty()
            ? prefix + " value must be of type " + typeName + " (default format) in " + path
            : prefix
                + " value must be of type "
                + typeName
                + " with format "
                + format
                + " in "
                + path;
    return Error.plain(message);
  }

  private static Error bound(
      int code, String path, String relation, boolean exclusive, Object bound, JsonNode data) {
    String message =
        path
            + " in body should be "
            + relation
            + (exclusive ? " " : " or equal to ")
            + GoValues.formatV(bound);
    return Error.of(code, path, data, null, message);
  }

  private static Error multipleOfInt(String path, JsonNode data, long factor) {
    if (factor <= 0) {
      return mustBePositive(path, factor);
    }
    long v = data.longValue();
    if ((v / factor) * factor != v) {
      return Error.of(
          OpenApiResult.MULTIPLE_OF,
          path,
          data,
          null,
          path + " in body should be a multiple of " + factor);
    }
    return null;
  }

  private static Error multipleOfFloat(String path, JsonNode data, double factor) {
    if (factor <= 0) {
      return mustBePositive(path, factor);
    }
    double v = data.doubleValue();
    double mult = factor < 1 ? 1 / factor * v : v / factor;
    if (!isJsonInteger(mult)) {
      return Error.of(
          OpenApiResult.MULTIPLE_OF,
          path,
          data,
          null,
          path + " in body should be a multiple of " + GoValues.formatV(factor));
    }
    return null;
  }

  private static Error mustBePositive(String path, Object factor) {
    return Error.of(
        OpenApiResult.MULTIPLE_OF_MUST_BE_POSITIVE,
        path,
        factor,
        null,
        "factor MultipleOf declared for "
            + path
            + " must be positive: "
            + GoValues.formatV(factor));
  }

  /** go-openapi's {@code IsFloat64AJSONInteger}: integral within 1e-9 relative error. */
  static boolean isJsonInteger(double f) {
    if (Double.isNaN(f) || Double.isInfinite(f) || f < -MAX_JSON_FLOAT || f > MAX_JSON_FLOAT) {
      return false;
    }
    double rounded = Math.signum(f) * Math.floor(Math.abs(f) + 0.5); // Go's math.Round
    if (f == rounded) {
      return true;
    }
    if (rounded == 0) {
      return false;
    }
    return Math.abs(f - rounded) < 1e-9 * Math.abs(rounded);
  }
}
