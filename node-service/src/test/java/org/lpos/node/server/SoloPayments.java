package org.lpos.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.lpos.chain.model.Member;
import org.lpos.chain.model.Scripts;
import org.lpos.chain.model.Transactions;
import org.lpos.chain.model.Utxo;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TxInput;
import org.lpos.proto.v1.TxOutput;

/** A payment a test node makes to itself, so that a block has something to commit. */
final class SoloPayments {
  private SoloPayments() {}

  /** Submits a payment from one of {@code member}'s outputs to itself (fee 1); the pool must take it. */
  static void payToSelf(LposNode node, String chainId, Member member) throws Exception {
    Utxo source = node.driver().query(core -> {
      Utxo[] any = new Utxo[1];
      core.chain().utxos().forEach(u -> any[0] = u);
      return any[0];
    }).get();
    Transaction tx = Transactions.sign(chainId, Transaction.newBuilder()
        .addInputs(TxInput.newBuilder().setSpends(source.key().toProto()))
        .addOutputs(TxOutput.newBuilder().setValue(source.value() - 1).setLock(Scripts.standardLock(member.keys().publicKey())))
        .build(), List.of(member.keys()));
    assertEquals(Optional.empty(), node.driver().submitTransaction(tx).get());
  }
}
