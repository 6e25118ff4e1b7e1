package org.lpos.discovery;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.lpos.proto.v1.MemberAssignment;
import org.lpos.proto.v1.MemberKey;
import org.lpos.proto.v1.MembersFile;

/**
 * Reads the members file ({@code MembersFile} as protobuf JSON) and takes the public part (index,
 * name, public key) of the first L members that {@code -l L} assigns. Secret keys in the file are
 * dropped as it is read: the server never holds one, so no response can carry one. Every problem
 * is reported as an {@link IllegalArgumentException} naming the file, because a wrong file is a
 * wrong command line.
 */
public final class PreloadedMembers {
  private PreloadedMembers() {}

  /** The default members file: {@code data/members.json} under LPOS_HOME, else the working dir. */
  public static Path defaultFile(Map<String, String> environment) {
    String home = environment.get("LPOS_HOME");
    Path base = home == null || home.isBlank() ? Path.of("") : Path.of(home);
    return base.resolve("data").resolve("members.json");
  }

  /** Loads the public part of the first {@code count} members of {@code file}, checking their keys. */
  public static List<MemberAssignment> load(Path file, int count) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("--members: cannot read " + file + ": " + e.getMessage());
    }
    MembersFile.Builder builder = MembersFile.newBuilder();
    try {
      JsonFormat.parser().merge(text, builder);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      // JsonFormat reports most syntax errors as InvalidProtocolBufferException, but Gson's
      // own runtime exceptions can surface too; either way the file is unusable.
      throw new IllegalArgumentException(
          "--members: " + file + " is not a MembersFile JSON: " + firstLine(e.getMessage()));
    }
    List<MemberKey> members = builder.getMembersList();
    if (members.size() < count) {
      throw new IllegalArgumentException("-l " + count + " exceeds the " + members.size()
          + " members in " + file);
    }
    List<MemberAssignment> first = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      MemberKey member = members.get(i);
      if (member.getPublicKey().size() != RegistrationRules.PUBLIC_KEY_BYTES) {
        throw new IllegalArgumentException("--members: member " + i + " in " + file
            + " has a " + member.getPublicKey().size() + "-byte public key, expected "
            + RegistrationRules.PUBLIC_KEY_BYTES);
      }
      // The index is the position: that is what a node's --member-index and members file use.
      first.add(MemberAssignment.newBuilder().setIndex(i).setName(member.getName())
          .setPublicKey(member.getPublicKey()).build());
    }
    return List.copyOf(first);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
