package org.lpos.node.consensus;

import java.util.Optional;
import org.lpos.chain.block.ChainState;
import org.lpos.proto.v1.AgreementState;

/**
 * What a node finds on restart: the certified blocks it persisted, optionally the chain state
 * after the last of them (restored from a store's UTXO set, so that no block is replayed), and
 * its last signer record and agreement state. Without a chain state the core replays the archive from genesis,
 * verifying every block again.
 *
 * @param chain the chain state after {@code blocks.lastHeight()}, if the store kept one
 * @param blocks the persisted blocks
 * @param signer the last position this node signed, if any
 * @param agreement its last agreement state (lock, valid value and proof), if any; used only if it
 *     is for the height after the last persisted block
 */
public record PersistedState(Optional<ChainState> chain, BlockArchive blocks, Optional<SignerRecord> signer,
    Optional<AgreementState> agreement) {
  /** A state without an agreement record (a node that never locked, or a test). */
  public PersistedState(Optional<ChainState> chain, BlockArchive blocks, Optional<SignerRecord> signer) {
    this(chain, blocks, signer, Optional.empty());
  }

  /** The state of a node that never ran, keeping nothing beyond memory. */
  public static PersistedState empty() {
    return new PersistedState(Optional.empty(), new MemoryBlockArchive(), Optional.empty());
  }
}
