package io.drover.local.api.protobuf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads the protobuf wire format: tags, varints, fixed numbers and length-delimited bytes. */
final class WireReader {

  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LENGTH_DELIMITED = 2;
  static final int FIXED32 = 5;

  private final byte[] bytes;
  private int position;
  private final int end;

  WireReader(byte[] bytes) {
    this(bytes, 0, bytes.length);
  }

  private WireReader(byte[] bytes, int from, int to) {
    this.bytes = bytes;
    this.position = from;
    this.end = to;
  }

  boolean done() {
    return position >= end;
  }

  /** The next tag: field number in the high bits, wire type in the low three. */
  int tag() {
    return (int) varint();
  }

  long varint() {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (position >= end) {
        throw new IllegalArgumentException("truncated varint");
      }
      byte b = bytes[position++];
      value |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IllegalArgumentException("malformed varint");
  }

  byte[] lengthDelimited() {
    int length = (int) varint();
    if (length < 0 || position + length > end) {
      throw new IllegalArgumentException("truncated field");
    }
    byte[] value = Arrays.copyOfRange(bytes, position, position + length);
    position += length;
    return value;
  }

  String string() {
    return new String(lengthDelimited(), StandardCharsets.UTF_8);
  }

  /** Skips a field's value; true when it was the zero value (0, empty), which Go always writes. */
  boolean skip(int wireType) {
    switch (wireType) {
      case VARINT -> {
        return varint() == 0;
      }
      case FIXED64 -> {
        position += 8;
        return false;
      }
      case LENGTH_DELIMITED -> {
        return lengthDelimited().length == 0;
      }
      case FIXED32 -> {
        position += 4;
        return false;
      }
      default -> throw new IllegalArgumentException("unknown wire type " + wireType);
    }
  }
}
