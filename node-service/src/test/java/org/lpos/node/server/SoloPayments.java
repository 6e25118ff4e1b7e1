package org.lpos.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.lpos.testing.Eventually;
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
    assertEquals(Optional.empty(), node.driver().submitTransaction(selfPayment(node, chainId, member)).get());
  }

  /** A payment from one of {@code member}'s outputs at the node's latest commit to itself (fee 1). */
  static Transaction selfPayment(LposNode node, String chainId, Member member) throws InterruptedException {
    // The owner index is built behind the driver: wait until it holds the latest commit.
    Eventually.await("the owner index catches up", 30,
        () -> node.owners().height() >= node.driver().status().height() - 1);
    Utxo source = node.owners().holdings(member.keys().publicKey()).first(1).get(0);
    return Transactions.sign(chainId, Transaction.newBuilder()
        .addInputs(TxInput.newBuilder().setSpends(source.key().toProto()))
        .addOutputs(TxOutput.newBuilder().setValue(source.value() - 1).setLock(Scripts.standardLock(member.keys().publicKey())))
        .build(), List.of(member.keys()));
  }
}
