package org.lpos.chain.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.Base64;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class LegacyMembersTest {
  @Test
  void membersAreReadInFileOrder() {
    LegacyMembers members = LegacyFixtures.members();
    ByteString first = ByteString.copyFrom(Base64.getUrlDecoder()
        .decode("CeMzMoWc-ux6Dr21QPZxiMC9T1XaF9m_pOs-S-A7eYnfeJgW2LuJ1NNGaUid6H2D"));

    assertEquals(300, members.size());
    assertEquals(first, members.publicKey(0));
    assertEquals(OptionalInt.of(0), members.indexOf(first));
    assertEquals(OptionalInt.of(299), members.indexOf(members.publicKey(299)));
    assertEquals(OptionalInt.empty(), members.indexOf(ByteString.copyFromUtf8("nobody")));
  }

  @Test
  void damagedMembersAreRejectedWithTheField() {
    assertRejected("[", "(file)");
    assertRejected("[1]", "[0]");
    assertRejected("[\"{\\\"verify_key\\\": \\\"AAAA\\\", \\\"signing_key\\\": \\\"AAAA\\\"}\"]", "[0].verify_key");
    assertRejected("[\"{}\"]", "[0].verify_key");
  }

  private static void assertRejected(String json, String field) {
    LegacyMembers.Reading reading = LegacyMembers.read(json);
    assertTrue(reading instanceof LegacyMembers.Reading.Rejected, () -> json + " was accepted");
    assertEquals(field, ((LegacyMembers.Reading.Rejected) reading).problem().field());
  }
}
