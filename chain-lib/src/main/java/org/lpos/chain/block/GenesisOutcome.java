package org.lpos.chain.block;

import java.util.List;
import org.lpos.chain.ledger.Rejection;

/** The verdict on a genesis block: a started chain, or every reason it is invalid. */
public sealed interface GenesisOutcome {
  /** A valid genesis and the chain it starts. */
  record Started(ChainState state) implements GenesisOutcome {}

  /** An invalid genesis block. */
  record Invalid(List<Rejection> problems) implements GenesisOutcome {
    /** Copies the list. */
    public Invalid {
      problems = List.copyOf(problems);
    }
  }
}
