package org.lpos.chain.block;

import com.google.protobuf.ByteString;
import java.util.List;
import org.lpos.chain.ledger.Rejection;
import org.lpos.chain.ledger.UtxoDelta;

/** The verdict on a block: valid with its effect, or invalid with every reason found. */
public sealed interface BlockOutcome {
  /** The block's hash. */
  ByteString blockHash();

  /** A valid block: its UTXO changes and the fees it burns. */
  record Valid(ByteString blockHash, UtxoDelta delta, long fees) implements BlockOutcome {}

  /** An invalid block and every problem found. */
  record Invalid(ByteString blockHash, List<Rejection> problems) implements BlockOutcome {
    /** Copies the list. */
    public Invalid {
      problems = List.copyOf(problems);
    }
  }
}
