package org.lpos.node.cli;

import java.nio.file.Path;
import org.lpos.chain.chainfile.ChainFileException;
import org.lpos.chain.chainfile.ChainFiles;
import org.lpos.chain.chainfile.ChainVerifier;
import org.lpos.proto.v1.ChainFile;

/** A chain file read and verified from genesis, for the chain commands. */
record VerifiedChain(Path path, ChainFile file, ChainVerifier.Report report) {
  /** Reads and verifies a chain named by a shipped name or a path; bad files are user errors. */
  static VerifiedChain load(String nameOrPath) {
    Path path = ProjectPaths.chain(nameOrPath);
    ChainFile file;
    try {
      file = ChainFiles.read(path);
    } catch (ChainFileException e) {
      throw new UserInputException(e.getMessage());
    }
    return new VerifiedChain(path, file, ChainVerifier.verify(file));
  }
}
