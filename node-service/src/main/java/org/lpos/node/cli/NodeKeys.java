package org.lpos.node.cli;

import java.nio.file.Path;
import java.util.List;
import org.lpos.chain.chainfile.ChainFileException;
import org.lpos.chain.chainfile.MemberFiles;
import org.lpos.chain.crypto.Hex;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.model.Member;
import org.lpos.node.server.NodeAssembly;
import org.lpos.proto.v1.MemberAssignment;

/**
 * Where a node's key comes from, by its options: {@code --key-file}, {@code --member-index} of
 * the members file, or (neither given) the member a preloading discovery assigns, read from the
 * node's own members file.
 *
 * @param keyFile {@code --key-file}, or null
 * @param memberIndex {@code --member-index}, or null
 * @param membersFile {@code --members}, or null for the shipped data/members.json
 */
record NodeKeys(Path keyFile, Integer memberIndex, Path membersFile) {

  /** The key source; with discovery and no key option, discovery assigns the member. */
  NodeAssembly.KeySource source(boolean withDiscovery) {
    if (keyFile != null && memberIndex != null) {
      throw new UserInputException("give --key-file or --member-index, not both");
    }
    if (keyFile != null) {
      try {
        return new NodeAssembly.KnownKey(MemberFiles.readKey(keyFile).keys());
      } catch (ChainFileException e) {
        throw new UserInputException(e.getMessage());
      }
    }
    if (memberIndex != null) {
      List<Member> members = readMembers();
      if (memberIndex < 0 || memberIndex >= members.size()) {
        throw new UserInputException("--member-index " + memberIndex + " is not in the members file (0-"
            + (members.size() - 1) + ")");
      }
      return new NodeAssembly.KnownKey(members.get(memberIndex).keys());
    }
    if (!withDiscovery) {
      throw new UserInputException("no key: give --member-index, --key-file, or a --discovery that preloads members (-l)");
    }
    List<Member> members = readMembers();
    return new NodeAssembly.AssignedKey(assigned -> preloadedKey(assigned, members));
  }

  private List<Member> readMembers() {
    Path file = membersFile != null ? membersFile : ProjectPaths.dataDir().resolve("members.json");
    try {
      return MemberFiles.readMembers(file);
    } catch (ChainFileException e) {
      throw new UserInputException(e.getMessage());
    }
  }

  /**
   * The key of the member a preloading discovery assigned, loaded from this node's own members
   * file, after checking that its public key is the one discovery expects.
   */
  private static KeyPair preloadedKey(MemberAssignment assigned, List<Member> members) {
    int index = assigned.getIndex();
    if (index >= members.size()) {
      throw new UserInputException("discovery assigned member " + index + " but the members file has only "
          + members.size() + " members (--members)");
    }
    KeyPair key = members.get(index).keys();
    if (!key.publicKey().equals(assigned.getPublicKey())) {
      throw new UserInputException("discovery assigned member " + index + " with public key "
          + Hex.encode(assigned.getPublicKey()) + " but member " + index + " of this node's members file has "
          + Hex.encode(key.publicKey()) + ": give the node the members file discovery was started with (--members)");
    }
    return key;
  }
}
