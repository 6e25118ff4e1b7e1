package org.lpos.chain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.google.protobuf.ByteString;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lpos.chain.crypto.Hashes;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TxOutput;

/**
 * Merkle roots of PROTOCOL §4 against values computed by hand in each test: pairs left to right,
 * an odd last element paired with itself, one id is its own root, none gives 32 zero bytes.
 */
class MerkleRootTest {
  private static List<ByteString> ids(int n) {
    List<ByteString> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(Hashes.hash(ByteString.copyFromUtf8("tx-" + i)));
    }
    return ids;
  }

  private static ByteString pair(ByteString a, ByteString b) {
    return Hashes.hashPair(a, b);
  }

  @Test
  void noTransactionsGiveZeroBytes() {
    assertEquals(ByteString.copyFrom(new byte[32]), MerkleRoot.of(List.of()));
  }

  @Test
  void oneTransactionIsItsOwnRoot() {
    List<ByteString> t = ids(1);
    assertEquals(t.get(0), MerkleRoot.of(t));
  }

  @Test
  void twoTransactions() {
    List<ByteString> t = ids(2);
    assertEquals(pair(t.get(0), t.get(1)), MerkleRoot.of(t));
  }

  @Test
  void threeTransactionsPairTheLastWithItself() {
    List<ByteString> t = ids(3);
    ByteString ab = pair(t.get(0), t.get(1));
    ByteString cc = pair(t.get(2), t.get(2));
    assertEquals(pair(ab, cc), MerkleRoot.of(t));
  }

  @Test
  void sevenTransactions() {
    List<ByteString> t = ids(7);
    ByteString h01 = pair(t.get(0), t.get(1));
    ByteString h23 = pair(t.get(2), t.get(3));
    ByteString h45 = pair(t.get(4), t.get(5));
    ByteString h66 = pair(t.get(6), t.get(6));
    ByteString h0123 = pair(h01, h23);
    ByteString h4566 = pair(h45, h66);
    assertEquals(pair(h0123, h4566), MerkleRoot.of(t));
  }

  @Test
  void pairIsDoubleSha256OfTheConcatenation() throws Exception {
    List<ByteString> t = ids(2);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] once = sha.digest(t.get(0).concat(t.get(1)).toByteArray());
    assertEquals(ByteString.copyFrom(sha.digest(once)), MerkleRoot.of(t));
  }

  @Test
  void orderMatters() {
    List<ByteString> t = ids(2);
    assertNotEquals(MerkleRoot.of(t), MerkleRoot.of(List.of(t.get(1), t.get(0))));
  }

  @Test
  void rootOfTransactionsIsTheRootOfTheirIds() {
    ByteString owner = TestMembers.derive(1, 1).get(0).keys().publicKey();
    List<Transaction> txs = new ArrayList<>();
    for (int v = 1; v <= 3; v++) {
      txs.add(Transaction.newBuilder()
          .addOutputs(TxOutput.newBuilder().setValue(v).setLock(Scripts.standardLock(owner)))
          .build());
    }
    List<ByteString> ids = txs.stream().map(Transactions::id).toList();
    assertEquals(pair(pair(ids.get(0), ids.get(1)), pair(ids.get(2), ids.get(2))), MerkleRoot.ofTransactions(txs));
    assertEquals(Hashes.hash(txs.get(0).toByteArray()), ids.get(0));
  }
}
