package org.lpos.chain.ledger;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.lpos.chain.crypto.SignatureVerifier;
import org.lpos.chain.model.ChainCaches;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.model.ScriptEvaluator;
import org.lpos.chain.model.Scripts;
import org.lpos.chain.model.Transactions;
import org.lpos.chain.model.Utxo;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TxInput;
import org.lpos.proto.v1.TxOutput;

/**
 * The transaction rules of PROTOCOL §3 against a UTXO view. Every problem found is reported, not
 * only the first, and checks that need no signature come first so that an invalid transaction
 * rarely costs a verification.
 *
 * <p>Outputs must carry the standard lock with a valid Ed25519 key: every satoshi then has an
 * owner who can be drawn into the senate and can sign, which the draw of §5 assumes.
 */
public final class TransactionValidator {
  private TransactionValidator() {}

  /** Checks a spending transaction against {@code view}, with the caches of the node that checks. */
  public static TxOutcome check(ChainCaches caches, String chainId, Transaction tx, UtxoView view) {
    ByteString txId = caches.txIds().id(tx);
    List<Rejection> problems = new ArrayList<>();
    if (tx.getInputsCount() == 0) {
      problems.add(Rejection.of(Reason.NO_INPUTS, "transaction has no inputs"));
    }
    List<Utxo> created = checkOutputs(tx, txId, problems, caches.signatures());

    List<OutputKey> spends = new ArrayList<>(tx.getInputsCount());
    List<Utxo> spent = new ArrayList<>(tx.getInputsCount());
    Set<OutputKey> seen = new HashSet<>();
    long inputTotal = 0;
    boolean inputOverflow = false;
    for (int i = 0; i < tx.getInputsCount(); i++) {
      TxInput in = tx.getInputs(i);
      if (!in.hasSpends() || in.getSpends().getTxId().size() != 32) {
        problems.add(Rejection.of(Reason.MALFORMED, "input %d: no valid output reference", i));
        continue;
      }
      OutputKey key = OutputKey.of(in.getSpends());
      if (!seen.add(key)) {
        problems.add(Rejection.of(Reason.DUPLICATE_INPUT, "input %d: %s referenced twice", i, key));
        continue;
      }
      Optional<Utxo> utxo = view.find(key);
      if (utxo.isEmpty()) {
        problems.add(view.spentHere(key)
            ? Rejection.of(Reason.SPENT_INPUT, "input %d: %s already spent in this block", i, key)
            : Rejection.of(Reason.MISSING_INPUT, "input %d: %s is not an unspent output", i, key));
        continue;
      }
      spends.add(key);
      spent.add(utxo.get());
      if (!inputOverflow) {
        try {
          inputTotal = Math.addExact(inputTotal, utxo.get().value());
        } catch (ArithmeticException e) {
          inputOverflow = true;
          problems.add(Rejection.of(Reason.OVERFLOW, "sum of inputs overflows int64"));
        }
      }
    }
    long outputTotal = sumOutputs(tx, problems);
    if (problems.isEmpty() && outputTotal > inputTotal) {
      problems.add(Rejection.of(Reason.OUTPUTS_EXCEED_INPUTS,
          "outputs %d exceed inputs %d", outputTotal, inputTotal));
    }
    if (!problems.isEmpty()) {
      return new TxOutcome.Invalid(txId, problems);
    }
    byte[] signBytes = Transactions.signBytes(chainId, tx);
    for (int i = 0; i < spent.size(); i++) {
      Optional<String> failure = ScriptEvaluator.evaluate(caches.signatures(),
          tx.getInputs(i).getUnlock(), Scripts.standardLock(spent.get(i).owner()), signBytes);
      if (failure.isPresent()) {
        problems.add(Rejection.of(Reason.BAD_SIGNATURE, "input %d: %s", i, failure.get()));
      }
    }
    if (!problems.isEmpty()) {
      return new TxOutcome.Invalid(txId, problems);
    }
    return new TxOutcome.Valid(txId, inputTotal - outputTotal, spends, created);
  }

  /** Checks a genesis transaction: no inputs, valid outputs; with the caches of the node that checks. */
  public static TxOutcome checkGenesis(ChainCaches caches, Transaction tx) {
    ByteString txId = caches.txIds().id(tx);
    List<Rejection> problems = new ArrayList<>();
    if (tx.getInputsCount() != 0) {
      problems.add(Rejection.of(Reason.BAD_GENESIS, "a genesis transaction has no inputs"));
    }
    List<Utxo> created = checkOutputs(tx, txId, problems, caches.signatures());
    sumOutputs(tx, problems);
    if (!problems.isEmpty()) {
      return new TxOutcome.Invalid(txId, problems);
    }
    return new TxOutcome.Valid(txId, 0, List.of(), created);
  }

  private static List<Utxo> checkOutputs(
      Transaction tx, ByteString txId, List<Rejection> problems, SignatureVerifier signatures) {
    if (tx.getOutputsCount() == 0) {
      problems.add(Rejection.of(Reason.NO_OUTPUTS, "transaction has no outputs"));
    }
    List<Utxo> created = new ArrayList<>(tx.getOutputsCount());
    for (int i = 0; i < tx.getOutputsCount(); i++) {
      TxOutput out = tx.getOutputs(i);
      boolean ok = true;
      if (out.getValue() <= 0) {
        problems.add(Rejection.of(Reason.NON_POSITIVE_VALUE, "output %d: value %d", i, out.getValue()));
        ok = false;
      }
      Optional<ByteString> owner = Scripts.standardOwner(out.getLock());
      if (owner.isEmpty() || !signatures.isValidPublicKey(owner.get())) {
        problems.add(Rejection.of(Reason.NON_STANDARD_LOCK,
            "output %d: lock is not [DATA(valid Ed25519 key), CHECK_SIG]", i));
        ok = false;
      }
      if (ok) {
        created.add(new Utxo(new OutputKey(txId, i), out.getValue(), owner.get()));
      }
    }
    return created;
  }

  private static long sumOutputs(Transaction tx, List<Rejection> problems) {
    long total = 0;
    for (TxOutput out : tx.getOutputsList()) {
      if (out.getValue() <= 0) {
        continue;
      }
      try {
        total = Math.addExact(total, out.getValue());
      } catch (ArithmeticException e) {
        problems.add(Rejection.of(Reason.OVERFLOW, "sum of outputs overflows int64"));
        return Long.MAX_VALUE;
      }
    }
    return total;
  }

}
