package org.lpos.chain.ledger;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lpos.chain.crypto.SignatureCheck;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.model.Transactions;
import org.lpos.chain.model.Utxo;
import org.lpos.proto.v1.Script;
import org.lpos.proto.v1.ScriptOp;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TxInput;

/**
 * The signature checks that the rules will ask for when they validate transactions, gathered
 * beforehand so that a node can verify them in one batch
 * ({@link org.lpos.chain.crypto.SignatureVerifier#verifyAhead}). Only a standard unlock (one
 * 64-byte DATA unit) of an output that {@code utxos} holds gives a check; anything else is left to
 * the validator, which decides validity in every case: gathering only saves it work.
 */
public final class TransactionSignatures {
  private static final int SIGNATURE_BYTES = 64;

  private TransactionSignatures() {}

  /** The (owner, sign bytes, signature) of every standard input of {@code txs} spending an output of {@code utxos}. */
  public static List<SignatureCheck> of(String chainId, List<Transaction> txs, UtxoView utxos) {
    List<SignatureCheck> checks = new ArrayList<>();
    for (Transaction tx : txs) {
      byte[] signBytes = null;
      for (TxInput in : tx.getInputsList()) {
        Optional<ByteString> signature = standardSignature(in.getUnlock());
        if (signature.isEmpty() || !in.hasSpends() || in.getSpends().getTxId().size() != 32) {
          continue;
        }
        Optional<Utxo> spent = utxos.find(OutputKey.of(in.getSpends()));
        if (spent.isEmpty()) {
          continue;
        }
        if (signBytes == null) {
          signBytes = Transactions.signBytes(chainId, tx);
        }
        checks.add(new SignatureCheck(spent.get().owner(), signBytes, signature.get()));
      }
    }
    return checks;
  }

  private static Optional<ByteString> standardSignature(Script unlock) {
    if (unlock.getUnitsCount() != 1 || unlock.getUnits(0).getOp() != ScriptOp.SCRIPT_OP_DATA
        || unlock.getUnits(0).getData().size() != SIGNATURE_BYTES) {
      return Optional.empty();
    }
    return Optional.of(unlock.getUnits(0).getData());
  }
}
