package org.lpos.node.cli;

import com.google.protobuf.ByteString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lpos.chain.chainfile.ChainFileException;
import org.lpos.chain.chainfile.MemberFiles;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.genesis.SeatTemplate;
import org.lpos.chain.model.Member;
import org.lpos.proto.v1.ChainFile;

/**
 * The chain a node runs, from its {@code --chain} and its N. A shipped name ({@code genic},
 * {@code 10_rich_man}, {@code 100_rich_man}) is a template of stake, as in the original, which
 * took N at run time on any chain: the node derives that chain with N seats ({@link
 * SeatTemplate}), certified again with the shipped test members' keys, so every node given the
 * same N runs the same genesis. A path is a chain file that fixes N in its genesis: a different N
 * is refused, saying so.
 *
 * @param name how the node announces the chain to peers ({@code 10_rich_man}, or the file's name)
 * @param file the chain to run, verified
 * @param template whether N was applied to a template (false: the file's own N)
 */
record NodeChain(String name, ChainFile file, boolean template) {
  /** Resolves {@code --chain} for a node of {@code seats} seats; bad input is a user error. */
  static NodeChain resolve(String nameOrPath, int seats) {
    if (ProjectPaths.SHIPPED_CHAINS.contains(nameOrPath) && !Files.exists(Path.of(nameOrPath))) {
      return fromTemplate(nameOrPath, ProjectPaths.chain(nameOrPath), seats);
    }
    return fromFile(Path.of(nameOrPath), seats);
  }

  /** The template {@code file}, known as {@code name}, with {@code seats} seats. */
  static NodeChain fromTemplate(String name, Path file, int seats) {
    ChainFile template = verified(file);
    if (SeatTemplate.seatsOf(template) == seats) {
      return new NodeChain(name, template, true);
    }
    try {
      return new NodeChain(name, SeatTemplate.withSeats(template, seats, keysBeside(file)), true);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("cannot derive " + name + " with N = " + seats + ": " + e.getMessage());
    }
  }

  /** The chain file {@code file}, which must fix {@code seats} seats. */
  static NodeChain fromFile(Path file, int seats) {
    ChainFile chain = verified(file);
    int fixed = SeatTemplate.seatsOf(chain);
    if (fixed != seats) {
      throw new UserInputException("N = " + seats + " but " + file + " fixes N = " + fixed
          + " in its genesis (a chain file, not a template): give N = " + fixed
          + ", or a shipped template (" + String.join(", ", sortedShippedNames()) + ") that takes any N");
    }
    return new NodeChain(String.valueOf(file.getFileName()), chain, false);
  }

  private static ChainFile verified(Path file) {
    VerifiedChain loaded = VerifiedChain.load(file.toString());
    if (!loaded.report().ok()) {
      throw new UserInputException(loaded.path() + " does not verify: " + loaded.report().problems().get(0));
    }
    return loaded.file();
  }

  private static List<String> sortedShippedNames() {
    return ProjectPaths.SHIPPED_CHAINS.stream().sorted().toList();
  }

  /** The shipped test members' keys, which certified the template's blocks and certify them again. */
  private static Map<ByteString, KeyPair> keysBeside(Path chainFile) {
    Path members = ProjectPaths.membersBeside(chainFile);
    try {
      Map<ByteString, KeyPair> keys = new LinkedHashMap<>();
      for (Member m : MemberFiles.readMembers(members)) {
        keys.put(m.keys().publicKey(), m.keys());
      }
      return keys;
    } catch (ChainFileException e) {
      throw new UserInputException("a template needs the shipped members file beside it: " + e.getMessage());
    }
  }
}
