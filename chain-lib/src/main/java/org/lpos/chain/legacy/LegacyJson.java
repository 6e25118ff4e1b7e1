package org.lpos.chain.legacy;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import java.util.Base64;
import java.util.List;

/**
 * Typed reads of the prototype's JSON, where several fields are strings that hold JSON again and
 * byte fields are URL-safe base64. JSON is parsed into protobuf's {@link Value} with
 * {@link JsonFormat}, because chain-lib already has protobuf-java-util while Gson is only on its
 * runtime classpath. Each read names the field path it failed on.
 */
final class LegacyJson {
  /** The largest integer a JSON number parsed as a double holds exactly (2^53). */
  private static final double MAX_EXACT = 9007199254740992.0;

  private LegacyJson() {}

  /** Parses JSON text of any shape. */
  static Value parse(String text, String field) throws MalformedLegacyDataException {
    Value.Builder value = Value.newBuilder();
    try {
      JsonFormat.parser().merge(text, value);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      // JsonFormat wraps most syntax errors, but Gson's own runtime exceptions can also surface.
      throw new MalformedLegacyDataException(field, "not valid JSON: " + firstLine(e.getMessage()));
    }
    return value.build();
  }

  /** The JSON array held in a string field, as the prototype nests its lists. */
  static List<Value> embeddedArray(Struct object, String key, String field)
      throws MalformedLegacyDataException {
    return array(parse(string(object, key, field), field), field);
  }

  /** The JSON object held in a string field. */
  static Struct embeddedObject(Struct object, String key, String field)
      throws MalformedLegacyDataException {
    return object(parse(string(object, key, field), field), field);
  }

  static Struct object(Value value, String field) throws MalformedLegacyDataException {
    if (!value.hasStructValue()) {
      throw new MalformedLegacyDataException(field, "expected a JSON object");
    }
    return value.getStructValue();
  }

  static List<Value> array(Value value, String field) throws MalformedLegacyDataException {
    if (!value.hasListValue()) {
      throw new MalformedLegacyDataException(field, "expected a JSON array");
    }
    return value.getListValue().getValuesList();
  }

  /** An array with exactly {@code length} elements, as the prototype's pairs are. */
  static List<Value> tuple(Value value, int length, String field) throws MalformedLegacyDataException {
    List<Value> elements = array(value, field);
    if (elements.size() != length) {
      throw new MalformedLegacyDataException(
          field, "expected an array of " + length + " elements, found " + elements.size());
    }
    return elements;
  }

  static Value member(Struct object, String key, String field) throws MalformedLegacyDataException {
    Value value = object.getFieldsMap().get(key);
    if (value == null) {
      throw new MalformedLegacyDataException(field, "missing field");
    }
    return value;
  }

  static String string(Struct object, String key, String field) throws MalformedLegacyDataException {
    return string(member(object, key, field), field);
  }

  static String string(Value value, String field) throws MalformedLegacyDataException {
    if (!value.hasStringValue()) {
      throw new MalformedLegacyDataException(field, "expected a JSON string");
    }
    return value.getStringValue();
  }

  static ByteString bytes(Struct object, String key, String field) throws MalformedLegacyDataException {
    return bytes(member(object, key, field), field);
  }

  /** URL-safe base64 (padding optional) decoded to bytes. */
  static ByteString bytes(Value value, String field) throws MalformedLegacyDataException {
    String text = string(value, field);
    try {
      return ByteString.copyFrom(Base64.getUrlDecoder().decode(text));
    } catch (IllegalArgumentException e) {
      throw new MalformedLegacyDataException(field, "not valid URL-safe base64");
    }
  }

  static long integer(Struct object, String key, String field) throws MalformedLegacyDataException {
    return integer(member(object, key, field), field);
  }

  /** A JSON number that is an integer small enough to have been read exactly. */
  static long integer(Value value, String field) throws MalformedLegacyDataException {
    if (!value.hasNumberValue()) {
      throw new MalformedLegacyDataException(field, "expected a JSON number");
    }
    double number = value.getNumberValue();
    if (number != Math.rint(number) || Math.abs(number) > MAX_EXACT) {
      throw new MalformedLegacyDataException(field, "expected an integer of at most 2^53, found " + number);
    }
    return (long) number;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable input";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
