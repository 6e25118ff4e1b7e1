package org.lpos.node.store;

import java.io.IOException;
import java.util.List;
import org.lpos.chain.block.BlockOutcome;
import org.lpos.chain.block.ChainState;
import org.lpos.chain.block.GenesisOutcome;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.CertifiedBlock;

/** The chain state a new store starts from: a chain file's genesis and blocks, each verified. */
public final class StoredChain {
  private StoredChain() {}

  /** Applies {@code after} to the state of {@code genesis}; a block that does not verify is an error. */
  public static ChainState fromChainFile(Block genesis, List<CertifiedBlock> after) throws IOException {
    GenesisOutcome start = ChainState.fromGenesis(genesis);
    if (start instanceof GenesisOutcome.Invalid invalid) {
      throw new IOException("invalid genesis block: " + invalid.problems());
    }
    ChainState state = ((GenesisOutcome.Started) start).state();
    for (CertifiedBlock cb : after) {
      if (state.apply(cb) instanceof BlockOutcome.Invalid invalid) {
        throw new IOException("chain file block " + cb.getBlock().getHeader().getHeight() + " does not verify: "
            + invalid.problems());
      }
    }
    return state;
  }
}
