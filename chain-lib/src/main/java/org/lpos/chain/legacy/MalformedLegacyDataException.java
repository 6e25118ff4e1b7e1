package org.lpos.chain.legacy;

/**
 * Raised inside this package while decoding a damaged file, naming the field that is wrong. It
 * lets the decoders read the nested JSON-in-JSON structure straight through; every public entry
 * point catches it and returns a {@link LegacyProblem} instead, so it never reaches a caller.
 */
final class MalformedLegacyDataException extends Exception {
  private final String field;

  MalformedLegacyDataException(String field, String reason) {
    super(reason);
    this.field = field;
  }

  String field() {
    return field;
  }
}
