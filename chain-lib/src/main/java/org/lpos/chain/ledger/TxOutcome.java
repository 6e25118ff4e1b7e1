package org.lpos.chain.ledger;

import com.google.protobuf.ByteString;
import java.util.List;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.model.Utxo;

/** The verdict on one transaction: valid with its effect, or invalid with every reason. */
public sealed interface TxOutcome {
  /** The transaction's id. */
  ByteString txId();

  /** A valid transaction: its fee, the outputs it spends and the outputs it creates. */
  record Valid(ByteString txId, long fee, List<OutputKey> spent, List<Utxo> created)
      implements TxOutcome {
    /** Copies the lists. */
    public Valid {
      spent = List.copyOf(spent);
      created = List.copyOf(created);
    }
  }

  /** An invalid transaction and every problem found. */
  record Invalid(ByteString txId, List<Rejection> problems) implements TxOutcome {
    /** Copies the list. */
    public Invalid {
      problems = List.copyOf(problems);
    }
  }
}
