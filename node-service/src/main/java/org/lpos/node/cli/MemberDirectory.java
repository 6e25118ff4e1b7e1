package org.lpos.node.cli;

import com.google.protobuf.ByteString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.lpos.chain.chainfile.ChainFileException;
import org.lpos.chain.chainfile.MemberFiles;

/** Maps public keys to member indices, from a members file, to name owners in reports. */
final class MemberDirectory {
  private final Map<ByteString, Integer> indexByKey;

  private MemberDirectory(Map<ByteString, Integer> indexByKey) {
    this.indexByKey = indexByKey;
  }

  static MemberDirectory empty() {
    return new MemberDirectory(Map.of());
  }

  /** Public keys in member order. */
  static MemberDirectory of(List<ByteString> keysInOrder) {
    Map<ByteString, Integer> map = new HashMap<>();
    for (int i = 0; i < keysInOrder.size(); i++) {
      map.putIfAbsent(keysInOrder.get(i), i);
    }
    return new MemberDirectory(map);
  }

  /** The members file given, or else the one beside the chain file if it exists, or none. */
  static MemberDirectory forChain(Path membersFile, Path chainFile) {
    Path file = membersFile != null ? membersFile : ProjectPaths.membersBeside(chainFile);
    if (file == null || (membersFile == null && !Files.exists(file))) {
      return empty();
    }
    try {
      return of(MemberFiles.readMembers(file).stream().map(m -> m.keys().publicKey()).toList());
    } catch (ChainFileException e) {
      throw new UserInputException(e.getMessage());
    }
  }

  OptionalInt indexOf(ByteString key) {
    Integer i = indexByKey.get(key);
    return i == null ? OptionalInt.empty() : OptionalInt.of(i);
  }

  /** "member 3" or "unknown member". */
  String describe(ByteString key) {
    OptionalInt i = indexOf(key);
    return i.isPresent() ? "member " + i.getAsInt() : "not in members file";
  }

}
