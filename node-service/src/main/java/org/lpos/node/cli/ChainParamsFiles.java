package org.lpos.node.cli;

import java.nio.file.Path;
import org.lpos.chain.chainfile.ChainFileException;
import org.lpos.chain.chainfile.JsonFiles;
import org.lpos.chain.crypto.Domain;
import org.lpos.chain.ledger.TransactionLimits;
import org.lpos.proto.v1.ChainParams;

/** Reads chain parameters, by default the project's {@code config/chain-params.json}. */
final class ChainParamsFiles {
  private ChainParamsFiles() {}

  static ChainParams read(Path file) {
    Path path = file != null ? file : ProjectPaths.home().resolve("config").resolve("chain-params.json");
    ChainParams params;
    try {
      params = JsonFiles.read(path, ChainParams.newBuilder()).build();
    } catch (ChainFileException e) {
      throw new UserInputException(e.getMessage());
    }
    if (!Domain.isValidChainId(params.getChainId())) {
      throw new UserInputException(path + ": chainId must be 1-64 printable ASCII characters");
    }
    if (params.getSenateSeats() < 1) {
      throw new UserInputException(path + ": senateSeats must be at least 1");
    }
    if (params.getMaxTransactionBytes() > TransactionLimits.CEILING_BYTES) {
      throw new UserInputException(path + ": maxTransactionBytes must be at most " + TransactionLimits.CEILING_BYTES
          + " (0 means the default, " + TransactionLimits.DEFAULT_MAX_BYTES + ")");
    }
    return params;
  }
}
