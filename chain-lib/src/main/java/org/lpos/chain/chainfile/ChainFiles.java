package org.lpos.chain.chainfile;

import java.io.IOException;
import java.nio.file.Path;
import org.lpos.proto.v1.ChainFile;

/** Chain files: genesis and certified blocks as JSON (the {@code lpos-chain/1} format). */
public final class ChainFiles {
  /** The format marker every chain file carries. */
  public static final String FORMAT = "lpos-chain/1";

  private ChainFiles() {}

  /** Reads a chain file; fails with a one-line message if it is not one. */
  public static ChainFile read(Path path) throws ChainFileException {
    ChainFile file = JsonFiles.read(path, ChainFile.newBuilder()).build();
    if (!FORMAT.equals(file.getFormat())) {
      // The format is the file's own text: flattened, so the message stays one short line.
      throw new ChainFileException(path + ": format is \"" + JsonFiles.oneLine(file.getFormat()) + "\", expected \""
          + FORMAT + "\"");
    }
    if (file.getBlocksCount() == 0) {
      throw new ChainFileException(path + ": holds no blocks (a chain file starts with its genesis block)");
    }
    return file;
  }

  /** Writes a chain file. */
  public static void write(Path path, ChainFile file) throws IOException {
    JsonFiles.write(path, file);
  }
}
