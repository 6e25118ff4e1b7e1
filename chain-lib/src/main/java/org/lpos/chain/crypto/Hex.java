package org.lpos.chain.crypto;

import com.google.protobuf.ByteString;
import java.util.HexFormat;

/** Lower-case hexadecimal text for hashes and keys in logs, reports and JSON output. */
public final class Hex {
  private static final HexFormat FORMAT = HexFormat.of();

  private Hex() {}

  /** The lower-case hex of {@code bytes}. */
  public static String encode(ByteString bytes) {
    return FORMAT.formatHex(bytes.toByteArray());
  }

  /** The lower-case hex of {@code bytes}. */
  public static String encode(byte[] bytes) {
    return FORMAT.formatHex(bytes);
  }

  /** The first 8 bytes' hex, for short display. */
  public static String shortForm(ByteString bytes) {
    return encode(bytes.substring(0, Math.min(8, bytes.size())));
  }

  /** Parses hex text; throws IllegalArgumentException on bad input. */
  public static ByteString decode(String hex) {
    return ByteString.copyFrom(FORMAT.parseHex(hex));
  }
}
