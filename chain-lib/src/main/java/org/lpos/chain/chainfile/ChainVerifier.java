package org.lpos.chain.chainfile;

import java.util.ArrayList;
import java.util.List;
import org.lpos.chain.block.BlockOutcome;
import org.lpos.chain.block.ChainState;
import org.lpos.chain.block.GenesisOutcome;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.ChainFile;

/**
 * Loads a chain from genesis and verifies every block: header linkage, merkle root, proposer,
 * ticket, certificate against the senate the verifier draws itself, and every transaction.
 * Verification stops applying at the first invalid block, since later blocks are judged against
 * a state that no longer exists, and says so.
 */
public final class ChainVerifier {
  private ChainVerifier() {}

  /** The result: problems as lines (empty when the chain verifies) and the state reached. */
  public record Report(List<String> problems, ChainState state, int blocksApplied) {
    /** Copies the list. */
    public Report {
      problems = List.copyOf(problems);
    }

    /** Whether every block verified. */
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  /** Verifies {@code file} from its genesis block. */
  public static Report verify(ChainFile file) {
    List<String> problems = new ArrayList<>();
    CertifiedBlock genesis = file.getBlocks(0);
    GenesisOutcome start = ChainState.fromGenesis(genesis.getBlock());
    if (start instanceof GenesisOutcome.Invalid invalid) {
      invalid.problems().forEach(p -> problems.add("block 0: " + p));
      return new Report(problems, null, 0);
    }
    if (genesis.hasCertificate()) {
      problems.add("block 0: the genesis block carries no certificate");
    }
    ChainState state = ((GenesisOutcome.Started) start).state();
    int applied = 1;
    for (int i = 1; i < file.getBlocksCount(); i++) {
      BlockOutcome outcome = state.apply(file.getBlocks(i));
      if (outcome instanceof BlockOutcome.Invalid invalid) {
        int at = i;
        invalid.problems().forEach(p -> problems.add("block " + at + ": " + p));
        if (i + 1 < file.getBlocksCount()) {
          problems.add("blocks " + (i + 1) + ".." + (file.getBlocksCount() - 1)
              + ": not verified (they build on invalid block " + i + ")");
        }
        break;
      }
      applied++;
    }
    return new Report(problems, state, applied);
  }
}
