package org.lpos.node.consensus;

import org.lpos.chain.block.BlockOutcome;
import org.lpos.chain.block.ChainState;
import org.lpos.chain.block.GenesisOutcome;
import org.lpos.chain.model.ChainCaches;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.CertifiedBlock;

/** The chain state a node starts from, restored from what it persisted. */
final class ChainRecovery {
  private ChainRecovery() {}

  /**
   * The chain of {@code genesis} as {@code persisted} left it: its stored chain state if it has
   * one (no block is replayed), otherwise its blocks replayed from genesis, each verified again.
   */
  static ChainState recover(Block genesis, PersistedState persisted, ChainCaches caches) {
    return persisted.chain().isPresent() ? restored(genesis, persisted)
        : replayed(genesis, persisted.blocks(), caches);
  }

  private static ChainState restored(Block genesis, PersistedState persisted) {
    ChainState state = persisted.chain().get();
    if (!state.chainId().equals(genesis.getHeader().getChainId())) {
      throw new IllegalArgumentException("stored chain " + state.chainId() + " is not the chain of the genesis block ("
          + genesis.getHeader().getChainId() + ")");
    }
    if (state.tip().height() != persisted.blocks().lastHeight()) {
      throw new IllegalArgumentException("stored chain state is at height " + state.tip().height()
          + " but the stored blocks end at " + persisted.blocks().lastHeight());
    }
    return state;
  }

  private static ChainState replayed(Block genesis, BlockArchive archive, ChainCaches caches) {
    GenesisOutcome start = ChainState.fromGenesis(genesis, caches);
    if (start instanceof GenesisOutcome.Invalid invalid) {
      throw new IllegalArgumentException("invalid genesis block: " + invalid.problems());
    }
    ChainState state = ((GenesisOutcome.Started) start).state();
    for (long h = 1; h <= archive.lastHeight(); h++) {
      long height = h;
      CertifiedBlock cb = archive.block(h).orElseThrow(
          () -> new IllegalStateException("persisted block " + height + " is missing"));
      BlockOutcome outcome = state.apply(cb);
      if (outcome instanceof BlockOutcome.Invalid invalid) {
        throw new IllegalStateException("persisted block " + h + " does not verify: " + invalid.problems());
      }
    }
    return state;
  }
}
