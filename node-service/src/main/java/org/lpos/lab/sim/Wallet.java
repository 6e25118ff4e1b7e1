package org.lpos.lab.sim;

import com.google.protobuf.ByteString;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.model.Scripts;
import org.lpos.chain.model.Transactions;
import org.lpos.chain.workload.WorkloadPlan;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TxInput;
import org.lpos.proto.v1.TxOutput;

/**
 * A simulated node's client: the outputs it owns, learned from the blocks its node commits, and
 * the transactions it builds from them. An output spent by a transaction still pending is
 * reserved until {@code RESERVATION_MS} passes, so the client never double-spends knowingly; a
 * transaction lost on the way frees its output again after that.
 */
final class Wallet {
  private static final long RESERVATION_MS = 30_000;

  private final KeyPair key;
  private final String chainId;
  private final LinkedHashMap<OutputKey, Long> owned = new LinkedHashMap<>();
  private final Map<OutputKey, Long> reservedUntil = new HashMap<>();

  Wallet(KeyPair key, String chainId, Block genesis) {
    this.key = key;
    this.chainId = chainId;
    onCommitted(genesis);
  }

  /** Learns the outputs a committed block spends and creates. */
  void onCommitted(Block block) {
    for (Transaction tx : block.getTransactionsList()) {
      for (TxInput in : tx.getInputsList()) {
        OutputKey k = OutputKey.of(in.getSpends());
        owned.remove(k);
        reservedUntil.remove(k);
      }
      ByteString id = Transactions.id(tx);
      for (int i = 0; i < tx.getOutputsCount(); i++) {
        TxOutput o = tx.getOutputs(i);
        if (Scripts.standardOwner(o.getLock()).filter(key.publicKey()::equals).isPresent()) {
          owned.put(new OutputKey(id, i), o.getValue());
        }
      }
    }
  }

  /** A signed transaction making {@code payments}, with change; empty if no output suffices. No fee is paid. */
  Optional<Transaction> pay(List<WorkloadPlan.Payment> payments, long nowMs) {
    long needed = payments.stream().mapToLong(WorkloadPlan.Payment::amount).sum();
    for (Map.Entry<OutputKey, Long> e : owned.entrySet()) {
      Long until = reservedUntil.get(e.getKey());
      if ((until != null && until > nowMs) || e.getValue() < needed) {
        continue;
      }
      Transaction.Builder tx = Transaction.newBuilder()
          .addInputs(TxInput.newBuilder().setSpends(e.getKey().toProto()));
      for (WorkloadPlan.Payment p : payments) {
        tx.addOutputs(TxOutput.newBuilder().setValue(p.amount()).setLock(Scripts.standardLock(p.to())));
      }
      long change = e.getValue() - needed;
      if (change > 0) {
        tx.addOutputs(TxOutput.newBuilder().setValue(change).setLock(Scripts.standardLock(key.publicKey())));
      }
      reservedUntil.put(e.getKey(), nowMs + RESERVATION_MS);
      return Optional.of(Transactions.sign(chainId, tx.build(), List.of(key)));
    }
    return Optional.empty();
  }

  /** Total value of the owned outputs. */
  long balance() {
    return owned.values().stream().mapToLong(Long::longValue).sum();
  }
}
