package org.lpos.chain.legacy;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The prototype's files as test resources, and ways to damage their text precisely. */
final class LegacyFixtures {
  static final String GENIC = "chain_genic.json";
  static final String TEN_RICH = "chain_10_rich_man.json";
  static final String HUNDRED_RICH = "chain_100_rich_man.json";
  static final String MEMBERS = "members.json";

  private LegacyFixtures() {}

  static String text(String name) {
    try (InputStream in = LegacyFixtures.class.getResourceAsStream("/legacy/" + name)) {
      assertNotNull(in, "missing test resource legacy/" + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static LegacyMembers members() {
    LegacyMembers.Reading reading = LegacyMembers.read(text(MEMBERS));
    assertTrue(reading instanceof LegacyMembers.Reading.Loaded, () -> "members.json: " + reading);
    return ((LegacyMembers.Reading.Loaded) reading).members();
  }

  /** {@code text} with the first occurrence of {@code target} replaced, which must exist. */
  static String replaceFirst(String text, String target, String replacement) {
    int at = text.indexOf(target);
    assertTrue(at >= 0, () -> "fixture text lacks " + target);
    return text.substring(0, at) + replacement + text.substring(at + target.length());
  }

  /** {@code text} with one byte of the first occurrence of base64 field {@code b64} flipped. */
  static String flipByte(String text, String b64, int byteIndex) {
    byte[] bytes = Base64.getUrlDecoder().decode(b64);
    bytes[byteIndex] ^= 0x01;
    return replaceFirst(text, b64, Base64.getUrlEncoder().encodeToString(bytes));
  }
}
