package org.lpos.node.net;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import org.junit.jupiter.api.Test;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.BlockHeader;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.OutputRef;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.Script;
import org.lpos.proto.v1.ScriptOp;
import org.lpos.proto.v1.ScriptUnit;
import org.lpos.proto.v1.Ticket;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TransactionBatch;
import org.lpos.proto.v1.TxInput;
import org.lpos.proto.v1.TxOutput;

/** Unknown fields are found wherever they sit in a peer message, and only there. */
class UnknownFieldsTest {
  private static final UnknownFieldSet EXTRA = UnknownFieldSet.newBuilder()
      .addField(99, UnknownFieldSet.Field.newBuilder().addVarint(7).build())
      .build();

  private static ScriptUnit unit(boolean extra) {
    ScriptUnit.Builder u = ScriptUnit.newBuilder().setOp(ScriptOp.SCRIPT_OP_DATA).setData(ByteString.copyFromUtf8("sig"));
    return extra ? u.setUnknownFields(EXTRA).build() : u.build();
  }

  private static Transaction tx(boolean extraInLastUnit) {
    return Transaction.newBuilder()
        .addInputs(TxInput.newBuilder()
            .setSpends(OutputRef.newBuilder().setTxId(ByteString.copyFrom(new byte[32])).setIndex(1))
            .setUnlock(Script.newBuilder().addUnits(unit(false)).addUnits(unit(extraInLastUnit))))
        .addOutputs(TxOutput.newBuilder().setValue(5).setLock(Script.newBuilder().addUnits(unit(false))))
        .build();
  }

  private static PeerMessage batch(Transaction... txs) {
    TransactionBatch.Builder b = TransactionBatch.newBuilder();
    for (Transaction t : txs) {
      b.addTransactions(t);
    }
    return PeerMessage.newBuilder().setTransactions(b).build();
  }

  private static PeerMessage block(Ticket ticket) {
    return PeerMessage.newBuilder().setCommittedBlock(CertifiedBlock.newBuilder()
        .setBlock(Block.newBuilder().setHeader(BlockHeader.newBuilder().setHeight(3).setTicket(ticket))
            .addTransactions(tx(false))))
        .build();
  }

  @Test
  void aMessageOfKnownFieldsOnlyPasses() {
    assertFalse(UnknownFields.anyIn(batch(tx(false), tx(false))));
    assertFalse(UnknownFields.anyIn(block(Ticket.newBuilder().setQ(ByteString.copyFromUtf8("q")).build())));
    assertFalse(UnknownFields.anyIn(PeerMessage.getDefaultInstance()));
  }

  @Test
  void anUnknownFieldAtTheTopIsFound() {
    assertTrue(UnknownFields.anyIn(batch(tx(false)).toBuilder().setUnknownFields(EXTRA).build()));
  }

  @Test
  void anUnknownFieldDeepInsideARepeatedFieldIsFound() {
    assertTrue(UnknownFields.anyIn(batch(tx(false), tx(false), tx(true))));
  }

  @Test
  void anUnknownFieldInsideSingularMessagesIsFound() {
    assertTrue(UnknownFields.anyIn(block(Ticket.newBuilder().setUnknownFields(EXTRA).build())));
  }

  @Test
  void anUnknownFieldThatCameOverTheWireIsFound() throws Exception {
    byte[] wire = batch(tx(true)).toByteArray();
    assertTrue(UnknownFields.anyIn(PeerMessage.parseFrom(wire)));
    assertFalse(UnknownFields.anyIn(PeerMessage.parseFrom(batch(tx(false)).toByteArray())));
  }
}
