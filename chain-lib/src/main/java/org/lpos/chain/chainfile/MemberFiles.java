package org.lpos.chain.chainfile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.lpos.chain.model.Member;
import org.lpos.proto.v1.MemberKey;
import org.lpos.proto.v1.MembersFile;

/** Members files (a list of key pairs) and single-member key files, as JSON. */
public final class MemberFiles {
  private MemberFiles() {}

  /** Reads a members file; fails with a one-line message if it is not one. */
  public static List<Member> readMembers(Path path) throws ChainFileException {
    MembersFile file = JsonFiles.read(path, MembersFile.newBuilder()).build();
    List<Member> members = new ArrayList<>(file.getMembersCount());
    for (int i = 0; i < file.getMembersCount(); i++) {
      MemberKey key = file.getMembers(i);
      if (key.getIndex() != i) {
        throw new ChainFileException(path + ": member at position " + i + " has index " + key.getIndex());
      }
      members.add(fromKey(path, key));
    }
    return members;
  }

  /**
   * Writes a members file with a warning line. It is readable by everyone: members files hold
   * public test keys (see {@code TestMembers}); a real key goes in a key file.
   */
  public static void writeMembers(Path path, String warning, List<Member> members) throws IOException {
    MembersFile.Builder file = MembersFile.newBuilder().setWarning(warning);
    members.forEach(m -> file.addMembers(m.toProto()));
    JsonFiles.write(path, file.build());
  }

  /** Reads one member's key file. */
  public static Member readKey(Path path) throws ChainFileException {
    return fromKey(path, JsonFiles.read(path, MemberKey.newBuilder()).build());
  }

  /** Writes one member's key file, readable by its owner only. */
  public static void writeKey(Path path, Member member) throws IOException {
    JsonFiles.write(path, member.toProto(), true);
  }

  private static Member fromKey(Path path, MemberKey key) throws ChainFileException {
    if (key.getSecretKey().size() != 32) {
      throw new ChainFileException(path + ": member " + key.getIndex() + " has no 32-byte secret key");
    }
    try {
      return Member.fromProto(key);
    } catch (IllegalArgumentException e) {
      throw new ChainFileException(path + ": " + e.getMessage());
    }
  }
}
