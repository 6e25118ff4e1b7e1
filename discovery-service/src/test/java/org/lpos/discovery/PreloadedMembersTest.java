package org.lpos.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.JsonFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lpos.proto.v1.MemberAssignment;
import org.lpos.proto.v1.MemberKey;
import org.lpos.proto.v1.MembersFile;

class PreloadedMembersTest {
  @TempDir Path dir;

  @Test
  void theDefaultFileIsUnderLposHomeOrTheWorkingDirectory() {
    assertEquals(Path.of("/opt/lpos/data/members.json"),
        PreloadedMembers.defaultFile(Map.of("LPOS_HOME", "/opt/lpos")));
    assertEquals(Path.of("data/members.json"), PreloadedMembers.defaultFile(Map.of()));
  }

  @Test
  void loadsTheFirstLMembersOfTheShippedFile() {
    // Surefire runs in the module directory; the shipped file is at the repository root.
    List<MemberAssignment> members = PreloadedMembers.load(Path.of("../data/members.json"), 5);
    assertEquals(5, members.size());
    for (int i = 0; i < 5; i++) {
      assertEquals(i, members.get(i).getIndex());
      assertEquals("member-" + i, members.get(i).getName());
      assertEquals(32, members.get(i).getPublicKey().size());
    }
  }

  @Test
  void readsWhatJsonFormatWritesAndKeepsOnlyThePublicPart() throws Exception {
    Path file = write(membersFile(3));
    assertEquals(Fixtures.members(2), PreloadedMembers.load(file, 2));
  }

  /** A members file with secret keys, as data/members.json has: the secrets must not be kept. */
  private static MembersFile membersFile(int count) {
    MembersFile.Builder file = MembersFile.newBuilder();
    for (int i = 0; i < count; i++) {
      file.addMembers(MemberKey.newBuilder().setIndex(i).setName("member-" + i)
          .setPublicKey(Fixtures.memberKey(i).publicKey()).setSecretKey(Fixtures.memberKey(i).secretSeed()));
    }
    return file.build();
  }

  @Test
  void refusesAMissingFileTooFewMembersBadJsonAndBadKeys() throws Exception {
    assertMessage("--members: cannot read", dir.resolve("absent.json"), 1);
    Path three = write(membersFile(3));
    assertMessage("-l 4 exceeds the 3 members in", three, 4);
    Path garbage = Files.writeString(dir.resolve("garbage.json"), "{\"members\": [ {\"nope\": 1");
    assertMessage("--members: " + garbage + " is not a MembersFile JSON", garbage, 1);
    Path shortKey = write(MembersFile.newBuilder()
        .addMembers(MemberKey.newBuilder().setPublicKey(Fixtures.key(1).substring(0, 8))).build());
    assertMessage("--members: member 0", shortKey, 1);
  }

  private Path write(MembersFile file) throws Exception {
    return Files.writeString(dir.resolve("members.json"), JsonFormat.printer().print(file));
  }

  private static void assertMessage(String expected, Path file, int count) {
    var e = assertThrows(IllegalArgumentException.class, () -> PreloadedMembers.load(file, count));
    assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), e.getMessage());
  }
}
