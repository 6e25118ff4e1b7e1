package org.lpos.chain.chainfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.chain.model.Member;
import org.lpos.proto.v1.MemberKey;
import org.lpos.proto.v1.MembersFile;

/** Members files and key files: round trip, and refusal of keys that do not match their secret. */
class MemberFilesTest {
  @TempDir Path dir;

  private static void assertSameMember(Member expected, Member actual) {
    assertEquals(expected.index(), actual.index());
    assertEquals(expected.name(), actual.name());
    assertEquals(expected.keys().publicKey(), actual.keys().publicKey());
    assertEquals(expected.keys().secretSeed(), actual.keys().secretSeed());
  }

  @Test
  void membersFileRoundTrip() throws Exception {
    List<Member> members = TestMembers.derive(42, 12);
    Path path = dir.resolve("members.json");
    MemberFiles.writeMembers(path, TestMembers.WARNING, members);
    List<Member> read = MemberFiles.readMembers(path);
    assertEquals(members.size(), read.size());
    for (int i = 0; i < members.size(); i++) {
      assertSameMember(members.get(i), read.get(i));
    }
    MembersFile raw = JsonFiles.read(path, MembersFile.newBuilder()).build();
    assertEquals(TestMembers.WARNING, raw.getWarning());
  }

  @Test
  void keyFileRoundTrip() throws Exception {
    Member member = TestMembers.derive(42, 4).get(3);
    Path path = dir.resolve("key.json");
    MemberFiles.writeKey(path, member);
    assertSameMember(member, MemberFiles.readKey(path));
  }

  @Test
  void keyFileWhosePublicKeyDoesNotMatchItsSecretIsRefused() throws Exception {
    List<Member> two = TestMembers.derive(42, 2);
    MemberKey mismatched = two.get(0).toProto().toBuilder().setPublicKey(two.get(1).keys().publicKey()).build();
    Path path = dir.resolve("mismatch.json");
    JsonFiles.write(path, mismatched);
    ChainFileException e = assertThrows(ChainFileException.class, () -> MemberFiles.readKey(path));
    assertTrue(e.getMessage().contains("does not match"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void membersFileWithAMismatchedEntryIsRefused() throws Exception {
    List<Member> three = TestMembers.derive(42, 3);
    MembersFile.Builder file = MembersFile.newBuilder().setWarning("w");
    three.forEach(m -> file.addMembers(m.toProto()));
    file.setMembers(2, file.getMembers(2).toBuilder().setPublicKey(three.get(0).keys().publicKey()));
    Path path = dir.resolve("members.json");
    JsonFiles.write(path, file.build());
    ChainFileException e = assertThrows(ChainFileException.class, () -> MemberFiles.readMembers(path));
    assertTrue(e.getMessage().contains("member 2"), e.getMessage());
  }

  @Test
  void keyFileWithoutASecretIsRefused() throws Exception {
    MemberKey noSecret = TestMembers.derive(42, 1).get(0).toProto().toBuilder().clearSecretKey().build();
    Path path = dir.resolve("nosecret.json");
    JsonFiles.write(path, noSecret);
    assertThrows(ChainFileException.class, () -> MemberFiles.readKey(path));
    MemberKey shortSecret = noSecret.toBuilder().setSecretKey(ByteString.copyFrom(new byte[31])).build();
    JsonFiles.write(path, shortSecret);
    assertThrows(ChainFileException.class, () -> MemberFiles.readKey(path));
  }

  @Test
  void membersOutOfOrderAreRefused() throws Exception {
    List<Member> two = TestMembers.derive(42, 2);
    MembersFile file = MembersFile.newBuilder().addMembers(two.get(1).toProto()).addMembers(two.get(0).toProto())
        .build();
    Path path = dir.resolve("order.json");
    JsonFiles.write(path, file);
    ChainFileException e = assertThrows(ChainFileException.class, () -> MemberFiles.readMembers(path));
    assertTrue(e.getMessage().contains("position 0 has index 1"), e.getMessage());
  }

  @Test
  void missingKeyFile() {
    ChainFileException e = assertThrows(ChainFileException.class, () -> MemberFiles.readKey(dir.resolve("none")));
    assertTrue(e.getMessage().endsWith("no such file"), e.getMessage());
  }
}
