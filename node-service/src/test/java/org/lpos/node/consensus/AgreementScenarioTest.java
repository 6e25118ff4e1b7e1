package org.lpos.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lpos.chain.model.Transactions;

/** Several cores over the in-memory network: commits, agreement and recovery from a silent proposer. */
class AgreementScenarioTest {

  @Test
  void fourNodesCommitASubmittedTransaction() {
    CoreCluster c = new CoreCluster(4, 4);
    var tx = c.payment(0, 1, 1_000, 0);
    c.submit(0, tx);
    c.advanceTo(c.now + 100);
    for (int i = 0; i < 4; i++) {
      assertEquals(1, c.core(i).chain().tip().height(), "node " + i + " " + c.core(i).status());
    }
    Set<ByteString> hashes = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      hashes.add(c.core(i).chain().tip().hash());
      assertTrue(c.core(i).chain().utxos().find(CoreCluster.firstOutput(tx)).isPresent());
    }
    assertEquals(1, hashes.size());
    assertEquals(Transactions.id(tx), Transactions.id(c.core(2).committedBlocks().get(0).getBlock().getTransactions(0)));
  }
}
