package org.lpos.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lpos.chain.chainfile.ChainFiles;
import org.lpos.chain.genesis.GenesisBuilder;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.chain.model.Member;
import org.lpos.chain.model.Scripts;
import org.lpos.chain.model.Transactions;
import org.lpos.node.consensus.ConsensusConfig;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.ChainFile;
import org.lpos.proto.v1.ChainParams;
import org.lpos.proto.v1.GetBalanceRequest;
import org.lpos.proto.v1.GetBlockRequest;
import org.lpos.proto.v1.GetStatusRequest;
import org.lpos.proto.v1.ListUtxosRequest;
import org.lpos.proto.v1.NodeGrpc;
import org.lpos.proto.v1.SubmitTransactionRequest;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TxInput;
import org.lpos.proto.v1.TxOutput;
import org.lpos.proto.v1.Utxo;
import org.lpos.proto.v1.WatchBlocksRequest;
import org.lpos.proto.v1.WatchBlocksResponse;
import org.lpos.node.net.ClientTls;
import org.lpos.node.net.NodeChannels;
import org.lpos.testing.Eventually;

/** Four real nodes on 127.0.0.1 (gRPC over Netty, one process): they connect, agree and serve clients. */
class LoopbackClusterIT {
  private final List<LposNode> nodes = new ArrayList<>();
  private final List<ManagedChannel> channels = new ArrayList<>();
  private final List<Member> members = TestMembers.derive(11, 4);

  @AfterEach
  void stopEverything() {
    channels.forEach(ManagedChannel::shutdownNow);
    nodes.forEach(LposNode::close);
  }

  private ChainFile chain() {
    List<GenesisBuilder.Allocation> allocations = new ArrayList<>();
    for (Member m : members) {
      allocations.add(new GenesisBuilder.Allocation(m.keys().publicKey(), 250_000));
    }
    ChainParams params = ChainParams.newBuilder().setChainId("lpos-loopback").setSenateSeats(4)
        .setMaxBlockTransactions(1_000).setMaxBlockBytes(1 << 20).build();
    return ChainFile.newBuilder().setFormat(ChainFiles.FORMAT).addBlocks(CertifiedBlock.newBuilder()
        .setBlock(GenesisBuilder.build(params, ByteString.copyFromUtf8("q"), 0, allocations))).build();
  }

  private NodeGrpc.NodeBlockingStub client(LposNode node) {
    ManagedChannel ch = NodeChannels.open("127.0.0.1", node.port(), ClientTls.acceptingAnyServer());
    channels.add(ch);
    return NodeGrpc.newBlockingStub(ch);
  }

  private void await(String what, BooleanSupplier condition) {
    Eventually.await(what, 30, condition, this::describeMesh);
  }

  private String describeMesh() {
    StringBuilder b = new StringBuilder();
    for (LposNode n : nodes) {
      b.append(n.port()).append(": connected=").append(n.network().connected().size())
          .append(" refused=").append(n.network().handshakeFailures()).append("; ");
    }
    return b.toString();
  }

  @Test
  void fourNodesCommitATransactionAndAgree() throws IOException, InterruptedException {
    ChainFile chain = chain();
    for (Member m : members) {
      nodes.add(LposNode.start(new NodeConfig("127.0.0.1", 0, "127.0.0.1", "n" + m.index(), m.keys(), chain, 0,
          List.of(), ConsensusConfig.defaults(), null)));
    }
    for (LposNode a : nodes) {
      for (LposNode b : nodes) {
        if (a != b) {
          a.network().connect("127.0.0.1:" + b.port());
        }
      }
    }
    await("a full mesh " + describeMesh(), () -> nodes.stream().allMatch(n -> n.network().connected().size() == 3));

    BlockingQueue<WatchBlocksResponse> watched = new LinkedBlockingQueue<>();
    ManagedChannel watchChannel = NodeChannels.open("127.0.0.1", nodes.get(2).port(), ClientTls.acceptingAnyServer());
    channels.add(watchChannel);
    NodeGrpc.newStub(watchChannel).watchBlocks(WatchBlocksRequest.newBuilder().setFromHeight(1).build(), new StreamObserver<>() {
      @Override
      public void onNext(WatchBlocksResponse r) {
        watched.add(r);
      }

      @Override
      public void onError(Throwable t) {
        // The stream ends with the test; nothing to record.
      }

      @Override
      public void onCompleted() {
        // As above.
      }
    });

    NodeGrpc.NodeBlockingStub alice = client(nodes.get(0));
    Utxo source = alice.listUtxos(ListUtxosRequest.newBuilder().setOwner(members.get(0).keys().publicKey()).build())
        .getUtxos(0);
    Transaction tx = Transactions.sign("lpos-loopback", Transaction.newBuilder()
        .addInputs(TxInput.newBuilder().setSpends(source.getRef()))
        .addOutputs(TxOutput.newBuilder().setValue(1_000).setLock(Scripts.standardLock(members.get(1).keys().publicKey())))
        .addOutputs(TxOutput.newBuilder().setValue(source.getValue() - 1_000).setLock(Scripts.standardLock(members.get(0).keys().publicKey())))
        .build(), List.of(members.get(0).keys()));
    ByteString txId = alice.submitTransaction(SubmitTransactionRequest.newBuilder().setTransaction(tx).build()).getTxId();
    assertEquals(Transactions.id(tx), txId);

    List<NodeGrpc.NodeBlockingStub> clients = nodes.stream().map(this::client).toList();
    await("height 1 committed everywhere",
        () -> clients.stream().allMatch(c -> c.getStatus(GetStatusRequest.getDefaultInstance()).getHeight() >= 2));
    Set<ByteString> hashes = new HashSet<>();
    for (NodeGrpc.NodeBlockingStub c : clients) {
      hashes.add(c.getBlock(GetBlockRequest.newBuilder().setHeight(1).build()).getHash());
      assertEquals(251_000, c.getBalance(GetBalanceRequest.newBuilder().setOwner(members.get(1).keys().publicKey()).build()).getBalance());
    }
    assertEquals(1, hashes.size(), "every node has the same block at height 1");
    WatchBlocksResponse first = watched.poll(30, TimeUnit.SECONDS);
    assertTrue(first != null, "WatchBlocks streams the committed block");
    assertEquals(1, first.getBlock().getBlock().getHeader().getHeight());
    assertEquals(hashes.iterator().next(), first.getHash());

    StatusRuntimeException bad = assertThrows(StatusRuntimeException.class,
        () -> alice.getBalance(GetBalanceRequest.newBuilder().setOwner(ByteString.copyFromUtf8("short")).build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, bad.getStatus().getCode());
    StatusRuntimeException replay = assertThrows(StatusRuntimeException.class,
        () -> alice.submitTransaction(SubmitTransactionRequest.newBuilder().setTransaction(tx).build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, replay.getStatus().getCode());
    assertTrue(replay.getStatus().getDescription().contains("missing input"), replay.getStatus().getDescription());

    HealthCheckResponse health = HealthGrpc.newBlockingStub(channels.get(0)).check(HealthCheckRequest.getDefaultInstance());
    assertEquals(HealthCheckResponse.ServingStatus.SERVING, health.getStatus());
  }
}
