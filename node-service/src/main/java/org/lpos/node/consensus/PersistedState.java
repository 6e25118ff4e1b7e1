package org.lpos.node.consensus;

import java.util.Optional;
import org.lpos.chain.block.ChainState;

/**
 * What a node finds on restart: the certified blocks it persisted, optionally the chain state
 * after the last of them (restored from a store's UTXO set, so that no block is replayed), and
 * its last signer record. Without a chain state the core replays the archive from genesis,
 * verifying every block again.
 *
 * @param chain the chain state after {@code blocks.lastHeight()}, if the store kept one
 * @param blocks the persisted blocks
 * @param signer the last position this node signed, if any
 */
public record PersistedState(Optional<ChainState> chain, BlockArchive blocks, Optional<SignerRecord> signer) {
  /** The state of a node that never ran, keeping nothing beyond memory. */
  public static PersistedState empty() {
    return new PersistedState(Optional.empty(), new MemoryBlockArchive(), Optional.empty());
  }
}
