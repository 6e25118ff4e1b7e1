package org.lpos.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lpos.testing.Eventually.await;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.chain.model.Member;
import org.lpos.chain.model.Scripts;
import org.lpos.chain.model.Transactions;
import org.lpos.proto.v1.GetBalanceRequest;
import org.lpos.proto.v1.GetBlockRequest;
import org.lpos.proto.v1.GetSenateRequest;
import org.lpos.proto.v1.GetStatusRequest;
import org.lpos.proto.v1.ListUtxosRequest;
import org.lpos.proto.v1.NodeGrpc;
import org.lpos.proto.v1.SubmitTransactionRequest;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TxInput;
import org.lpos.proto.v1.TxOutput;
import org.lpos.proto.v1.Utxo;

/**
 * A running single-seat node (real Netty on 127.0.0.1) answers every malformed Node request with
 * INVALID_ARGUMENT and a message: GetBlock without a selector or with a short hash, GetBalance
 * and ListUtxos with a 5-byte owner, SubmitTransaction without a transaction, without inputs or
 * with a signature by the wrong key, GetSenate for a far height. After all of them the node still
 * answers GetStatus and commits a valid transaction (GetStatus has no input to malform, and
 * WatchBlocks only streams).
 */
class MalformedRequestsIT {
  private static final String CHAIN_ID = "lpos-malformed";
  private final List<Member> members = TestMembers.derive(23, 2);
  private final LoopbackNodes loopback = new LoopbackNodes();
  private NodeGrpc.NodeBlockingStub node;

  @BeforeEach
  void startNode() throws Exception {
    LposNode n = loopback.start(members.get(0), LoopbackNodes.chain(CHAIN_ID, "m", 1, List.of(members.get(0)), 100_000));
    node = NodeGrpc.newBlockingStub(loopback.channel(n)).withDeadlineAfter(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() {
    loopback.close();
  }

  @Test
  void everyMalformedRequestIsInvalidArgumentAndTheNodeCarriesOn() throws Exception {
    ByteString fiveBytes = ByteString.copyFrom(new byte[5]);
    Utxo source = node.listUtxos(ListUtxosRequest.newBuilder().setOwner(key(0)).build()).getUtxos(0);
    Transaction unsigned = payment(source, 1_000);

    assertInvalid("GetBlock without selector", "height or a hash",
        () -> node.getBlock(GetBlockRequest.getDefaultInstance()));
    assertInvalid("GetBlock with a 31-byte hash", "32 bytes",
        () -> node.getBlock(GetBlockRequest.newBuilder().setHash(ByteString.copyFrom(new byte[31])).build()));
    assertInvalid("GetBalance with a 5-byte owner", "32-byte",
        () -> node.getBalance(GetBalanceRequest.newBuilder().setOwner(fiveBytes).build()));
    assertInvalid("ListUtxos with a 5-byte owner", "32-byte",
        () -> node.listUtxos(ListUtxosRequest.newBuilder().setOwner(fiveBytes).build()));
    assertInvalid("SubmitTransaction without a transaction", "required",
        () -> node.submitTransaction(SubmitTransactionRequest.getDefaultInstance()));
    Transaction noInputs = unsigned.toBuilder().clearInputs().build();
    assertInvalid("SubmitTransaction without inputs", "no inputs",
        () -> node.submitTransaction(SubmitTransactionRequest.newBuilder().setTransaction(noInputs).build()));
    Transaction wrongKey = Transactions.sign(CHAIN_ID, unsigned, List.of(members.get(1).keys()));
    assertInvalid("SubmitTransaction signed by the wrong key", "signature",
        () -> node.submitTransaction(SubmitTransactionRequest.newBuilder().setTransaction(wrongKey).build()));
    assertInvalid("GetSenate for a far height", "height being decided",
        () -> node.getSenate(GetSenateRequest.newBuilder().setHeight(1_000_000).build()));

    long height = node.getStatus(GetStatusRequest.getDefaultInstance()).getHeight();
    assertEquals(1, height, "nothing was committed by the malformed requests");
    Transaction valid = Transactions.sign(CHAIN_ID, unsigned, List.of(members.get(0).keys()));
    assertEquals(Transactions.id(valid),
        node.submitTransaction(SubmitTransactionRequest.newBuilder().setTransaction(valid).build()).getTxId());
    await("the valid transaction committed", 20,
        () -> node.getBalance(GetBalanceRequest.newBuilder().setOwner(key(1)).build()).getBalance() == 1_000);
    assertTrue(node.getStatus(GetStatusRequest.getDefaultInstance()).getHeight() > height);
  }

  private ByteString key(int member) {
    return members.get(member).keys().publicKey();
  }

  private Transaction payment(Utxo source, long value) {
    return Transaction.newBuilder()
        .addInputs(TxInput.newBuilder().setSpends(source.getRef()))
        .addOutputs(TxOutput.newBuilder().setValue(value).setLock(Scripts.standardLock(key(1))))
        .addOutputs(TxOutput.newBuilder().setValue(source.getValue() - value).setLock(Scripts.standardLock(key(0))))
        .build();
  }

  private static void assertInvalid(String what, String reason, Executable call) {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call, what);
    assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), what + ": " + e.getStatus());
    String message = e.getStatus().getDescription();
    assertTrue(message != null && message.contains(reason), what + " says why: " + message);
  }
}
