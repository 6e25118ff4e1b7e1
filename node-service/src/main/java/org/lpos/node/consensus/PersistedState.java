package org.lpos.node.consensus;

import java.util.List;
import java.util.Optional;
import org.lpos.proto.v1.CertifiedBlock;

/**
 * What a node finds on restart: the certified blocks it committed after genesis (in height
 * order) and its last signer record. Empty for a fresh node.
 */
public record PersistedState(List<CertifiedBlock> committed, Optional<SignerRecord> signer) {
  /** Copies the list. */
  public PersistedState {
    committed = List.copyOf(committed);
  }

  /** The state of a node that never ran. */
  public static PersistedState empty() {
    return new PersistedState(List.of(), Optional.empty());
  }
}
