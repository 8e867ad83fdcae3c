package io.drover.serving.protocol;

import java.util.Arrays;
import java.util.Optional;

/** The Open Inference Protocol's tensor datatypes and which values each admits. */
public enum Datatype {
  BOOL(false, 0, 0),
  UINT8(true, 0, 255),
  UINT16(true, 0, 65_535),
  UINT32(true, 0, 4_294_967_295d),
  UINT64(true, 0, 18_446_744_073_709_551_615d),
  INT8(true, -128, 127),
  INT16(true, -32_768, 32_767),
  INT32(true, Integer.MIN_VALUE, Integer.MAX_VALUE),
  INT64(true, Long.MIN_VALUE, Long.MAX_VALUE),
  FP16(false, -65_504, 65_504),
  FP32(false, -Float.MAX_VALUE, Float.MAX_VALUE),
  FP64(false, -Double.MAX_VALUE, Double.MAX_VALUE),
  BYTES(false, 0, 0);

  private final boolean integral;
  private final double min;
  private final double max;

  Datatype(boolean integral, double min, double max) {
    this.integral = integral;
    this.min = min;
    this.max = max;
  }

  public static Optional<Datatype> of(String name) {
    return Arrays.stream(values()).filter(d -> d.name().equals(name)).findFirst();
  }

  /** Whether a model reading numbers can take this datatype. */
  public boolean numeric() {
    return this != BOOL && this != BYTES;
  }

  /**
   * Why {@code value} is not a valid element of this datatype, or {@code null} when it is.
   * Non-finite values are refused for every type: the network would answer NaN for the row.
   */
  public String refuse(double value) {
    if (!Double.isFinite(value)) {
      return "is not a finite number";
    }
    if (integral && value != Math.rint(value)) {
      return "is not an integer, as " + this + " requires";
    }
    if (value < min || value > max) {
      return "is outside the range of " + this;
    }
    return null;
  }
}
