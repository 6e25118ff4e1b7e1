package org.lpos.chain.legacy;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.model.Utxo;
import org.lpos.proto.v1.LegacyBlock;
import org.lpos.proto.v1.LegacyTransaction;
import org.lpos.proto.v1.LegacyTxInput;
import org.lpos.proto.v1.LegacyTxOutput;

/**
 * Applies a block's transactions to a ledger with the prototype's UTXO rules: a genesis
 * transaction only creates outputs; a later one spends unspent outputs whose standard lock its
 * unlock signature satisfies, and creates no more value than it spends. Every output must carry
 * a positive value and a standard lock on a P-192 key, since its owner is that key.
 */
final class LegacyTransactionRules {
  private LegacyTransactionRules() {}

  /** Applies the genesis block's transactions, adding any problems. */
  static void applyGenesis(LegacyBlock genesis, LegacyLocation at, LegacyLedger ledger, List<LegacyProblem> problems) {
    for (int t = 0; t < genesis.getTxsCount(); t++) {
      LegacyTransaction tx = genesis.getTxs(t);
      if (tx.getInputsCount() > 0) {
        problems.add(new LegacyProblem(at.tx(t), "inputs", "a genesis transaction spends nothing, but this one has inputs"));
      }
      addOutputs(tx, at.tx(t), ledger, problems);
    }
  }

  /** Applies a later block's transactions in order, adding any problems. */
  static void apply(LegacyBlock block, LegacyLocation at, LegacyLedger ledger, List<LegacyProblem> problems) {
    for (int t = 0; t < block.getTxsCount(); t++) {
      LegacyTransaction tx = block.getTxs(t);
      LegacyLocation where = at.tx(t);
      if (tx.getInputsCount() == 0) {
        problems.add(new LegacyProblem(where, "inputs", "a transaction after genesis must spend at least one output"));
      }
      BigInteger spent = spendInputs(tx, where, ledger, problems);
      BigInteger created = addOutputs(tx, where, ledger, problems);
      if (created.compareTo(spent) > 0) {
        problems.add(new LegacyProblem(where, "outputs",
            "outputs total " + created + ", more than the " + spent + " the inputs spend"));
      }
    }
  }

  private static BigInteger spendInputs(
      LegacyTransaction tx, LegacyLocation where, LegacyLedger ledger, List<LegacyProblem> problems) {
    byte[] signBytes = LegacyEncoding.inputSignBytes(tx);
    BigInteger total = BigInteger.ZERO;
    for (int i = 0; i < tx.getInputsCount(); i++) {
      LegacyTxInput input = tx.getInputs(i);
      LegacyLocation at = where.input(i);
      long index = input.getTransactionIdx();
      if (index < 0 || index > Integer.MAX_VALUE) {
        problems.add(new LegacyProblem(at, "transaction_idx", "output index " + index + " is out of range"));
        continue;
      }
      Utxo spent = ledger.spend(new OutputKey(input.getTransactionHash(), (int) index));
      if (spent == null) {
        problems.add(new LegacyProblem(at, "transaction_hash",
            "spends an output that is not unspent (never created or already spent)"));
        continue;
      }
      total = total.add(BigInteger.valueOf(spent.value()));
      Optional<ByteString> signature = LegacyScripts.unlockSignature(input.getScript());
      if (signature.isEmpty()) {
        problems.add(new LegacyProblem(at, "script", "unlock script is not [DATA(signature)]"));
      } else if (!verifies(spent.owner(), signBytes, signature.get())) {
        problems.add(new LegacyProblem(at, "script", "signature does not verify"));
      }
    }
    return total;
  }

  private static boolean verifies(ByteString owner, byte[] message, ByteString signature) {
    // Owners entered the ledger only after their key was checked to be on the curve.
    return LegacyEcdsa.publicKey(owner).map(key -> LegacyEcdsa.verify(key, message, signature)).orElse(false);
  }

  private static BigInteger addOutputs(
      LegacyTransaction tx, LegacyLocation where, LegacyLedger ledger, List<LegacyProblem> problems) {
    ByteString txId = LegacyEncoding.txId(tx);
    BigInteger total = BigInteger.ZERO;
    for (int o = 0; o < tx.getOutputsCount(); o++) {
      LegacyTxOutput output = tx.getOutputs(o);
      LegacyLocation at = where.output(o);
      if (output.getValue() <= 0) {
        problems.add(new LegacyProblem(at, "value", "value must be positive, found " + output.getValue()));
        continue;
      }
      total = total.add(BigInteger.valueOf(output.getValue()));
      Optional<ByteString> owner = LegacyScripts.lockOwner(output.getScript());
      if (owner.isEmpty()) {
        problems.add(new LegacyProblem(at, "script", "lock script is not [DATA(public key), CHECK_SIG]"));
      } else if (!LegacyEcdsa.isValidPublicKey(owner.get())) {
        problems.add(new LegacyProblem(at, "script", "the lock's public key is not a 48-byte point on P-192"));
      } else if (!ledger.add(new Utxo(new OutputKey(txId, o), output.getValue(), owner.get()))) {
        problems.add(new LegacyProblem(at, "outputs",
            "an output with this tx id and index already exists (a repeated transaction)"));
      }
    }
    return total;
  }
}
