package org.lpos.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lpos.testing.Eventually.await;

import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.lpos.testing.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lpos.chain.chainfile.ChainFiles;
import org.lpos.chain.genesis.GenesisBuilder;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.chain.model.Member;
import org.lpos.chain.model.Scripts;
import org.lpos.chain.model.Transactions;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.ChainFile;
import org.lpos.proto.v1.ChainParams;
import org.lpos.proto.v1.GetBalanceRequest;
import org.lpos.proto.v1.GetBalanceResponse;
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
import org.lpos.proto.v1.WatchBlocksRequest;
import org.lpos.proto.v1.WatchBlocksResponse;

/**
 * The Node API under exhaustion, on a real one-seat node (Netty on 127.0.0.1) whose genesis gives
 * its member 10,001 outputs: reads are answered while the consensus thread is stuck; a flood of
 * GetBalance is answered or refused RESOURCE_EXHAUSTED quickly while blocks commit; 1,000
 * WatchBlocks{from_height:1} that never read are capped and do not stop commits; a reading
 * watcher sees every height once across replay and live blocks; ListUtxos reads its uint32 limit
 * unsigned and caps it.
 */
class NodeApiLimitsIT {
  private static final String CHAIN_ID = "lpos-api-limits";
  private static final int OUTPUTS = 10_001;
  /** ApiLimits' default per-address WatchBlocks cap (a literal, so this test also runs on older code). */
  private static final int WATCHERS_PER_ADDRESS = 8;
  private final List<Member> members = TestMembers.derive(61, 2);
  private final LoopbackNodes loopback = new LoopbackNodes();
  private LposNode node;
  private ManagedChannel channel;
  private NodeGrpc.NodeBlockingStub client;
  private List<Utxo> unspent;
  private int paid;

  @BeforeEach
  void startNode() throws Exception {
    List<GenesisBuilder.Allocation> allocations = new ArrayList<>();
    for (int i = 0; i < OUTPUTS; i++) {
      allocations.add(new GenesisBuilder.Allocation(key(0), 1_000 + i));
    }
    ChainParams params = ChainParams.newBuilder().setChainId(CHAIN_ID).setSenateSeats(1)
        .setMaxBlockTransactions(1_000).setMaxBlockBytes(1 << 20).build();
    ChainFile chain = ChainFile.newBuilder().setFormat(ChainFiles.FORMAT).addBlocks(CertifiedBlock.newBuilder()
        .setBlock(GenesisBuilder.build(params, ByteString.copyFromUtf8("api"), 0, allocations))).build();
    node = loopback.start(members.get(0), chain);
    channel = loopback.channel(node);
    client = NodeGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    unspent = client.listUtxos(ListUtxosRequest.newBuilder().setOwner(key(0)).setLimit(10_000).build()).getUtxosList();
  }

  @AfterEach
  void stop() {
    loopback.close();
  }

  @Test
  void listUtxosReadsItsLimitUnsignedAndCapsIt() {
    assertEquals(10_000, listed((int) (1L << 31)), "limit 2^31 (negative as a Java int)");
    assertEquals(10_000, listed((int) ((1L << 32) - 1)), "limit 2^32-1 (-1 as a Java int)");
    assertEquals(1_000, listed(0), "no limit: the default");
    assertEquals(7, listed(7));
  }

  @Test
  void readsAreAnsweredWhileTheConsensusThreadIsStuck() throws Exception {
    commitOne();
    CountDownLatch stuck = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    // A commit listener runs inside the step: the next commit holds the consensus thread until
    // released, before the driver publishes the snapshot after that step.
    node.onCommit(block -> {
      stuck.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    try {
      // A solo senator commits in the step that takes the transaction: its answer waits too.
      node.driver().submitTransaction(nextPayment());
      assertTrue(stuck.await(30, TimeUnit.SECONDS), "the consensus thread is held in block 2's step");
      Eventually.await("the owner index holds block 2", 30, () -> node.owners().height() == 2);
      NodeGrpc.NodeBlockingStub quick = NodeGrpc.newBlockingStub(channel).withDeadlineAfter(3, TimeUnit.SECONDS);
      assertEquals(2, quick.getStatus(GetStatusRequest.getDefaultInstance()).getHeight(),
          "the snapshot of the step before the stuck one");
      assertEquals(1, quick.getBlock(GetBlockRequest.newBuilder().setHeight(1).build()).getBlock().getBlock()
          .getHeader().getHeight());
      assertEquals(2, quick.getSenate(GetSenateRequest.getDefaultInstance()).getHeight());
      GetBalanceResponse balance = quick.getBalance(GetBalanceRequest.newBuilder().setOwner(key(1)).build());
      assertEquals(2, balance.getHeight(), "the owner index is built off the consensus thread");
      assertEquals(2, balance.getOutputs());
      assertEquals(5, quick.listUtxos(ListUtxosRequest.newBuilder().setOwner(key(0)).setLimit(5).build())
          .getUtxosCount());

      Map<Status.Code, Integer> outcomes = balanceFlood(5_000, 20);
      assertEquals(5_000, outcomes.getOrDefault(Status.Code.OK, 0)
          + outcomes.getOrDefault(Status.Code.RESOURCE_EXHAUSTED, 0), "answered or refused: " + outcomes);
      assertTrue(outcomes.getOrDefault(Status.Code.OK, 0) > 0, "some were answered: " + outcomes);
    } finally {
      release.countDown();
    }
    commitOne();
  }

  @Test
  void aBalanceFloodIsAnsweredOrRefusedWhileBlocksCommit() throws Exception {
    AtomicInteger committed = new AtomicInteger();
    Thread payer = new Thread(() -> {
      for (int i = 0; i < 5; i++) {
        try {
          commitOne();
          committed.incrementAndGet();
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "api-limits-payer");
    payer.start();
    try {
      for (int wave = 0; wave < 3; wave++) {
        Map<Status.Code, Integer> outcomes = balanceFlood(3_000, 20);
        assertEquals(3_000, outcomes.getOrDefault(Status.Code.OK, 0)
            + outcomes.getOrDefault(Status.Code.RESOURCE_EXHAUSTED, 0), "answered or refused: " + outcomes);
      }
      payer.join(TimeUnit.SECONDS.toMillis(60));
    } finally {
      payer.interrupt();
    }
    assertEquals(5, committed.get(), "blocks kept committing during the flood");
  }

  @Test
  void unreadWatchersAreCappedAndCommitsGoOn() throws Exception {
    commitOne();
    List<ClientCall<WatchBlocksRequest, WatchBlocksResponse>> calls = new ArrayList<>();
    Map<Status.Code, Integer> closed = new ConcurrentHashMap<>();
    for (int i = 0; i < 1_000; i++) {
      // A call that never asks for a message: the client reads nothing.
      ClientCall<WatchBlocksRequest, WatchBlocksResponse> call =
          channel.newCall(NodeGrpc.getWatchBlocksMethod(), CallOptions.DEFAULT);
      call.start(new ClientCall.Listener<>() {
        @Override
        public void onClose(Status status, Metadata trailers) {
          closed.merge(status.getCode(), 1, Integer::sum);
        }
      }, new Metadata());
      call.sendMessage(WatchBlocksRequest.newBuilder().setFromHeight(1).build());
      call.halfClose();
      calls.add(call);
    }
    int refused = 1_000 - WATCHERS_PER_ADDRESS;
    await(refused + " watchers refused", 30,
        () -> closed.getOrDefault(Status.Code.RESOURCE_EXHAUSTED, 0) == refused);
    for (int i = 0; i < 3; i++) {
      commitOne();
    }
    assertEquals(Map.of(Status.Code.RESOURCE_EXHAUSTED, refused), closed, "the admitted watchers are still open");
    assertEquals(refused, node.metrics().registry().find("lpos.api.refused.calls").tag("reason", "watchers")
        .functionCounter().count(), "counted in lpos_api_refused_calls_total");
    calls.forEach(c -> c.cancel("done", null));
  }

  @Test
  void aWatcherFromHeightOneSeesEveryHeightOnceAcrossReplayAndLive() throws Exception {
    for (int i = 0; i < 3; i++) {
      commitOne();
    }
    List<Long> seen = Collections.synchronizedList(new ArrayList<>());
    Thread watcher = new Thread(() -> {
      Iterator<WatchBlocksResponse> blocks = NodeGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS)
          .watchBlocks(WatchBlocksRequest.newBuilder().setFromHeight(1).build());
      try {
        while (blocks.hasNext()) {
          long h = blocks.next().getBlock().getBlock().getHeader().getHeight();
          seen.add(h);
          if (h == 9) {
            return;
          }
        }
      } catch (StatusRuntimeException e) {
        seen.add(-1L);
      }
    }, "api-limits-watcher");
    watcher.start();
    // Committed while the watcher replays or right after: the live queue and the replay overlap.
    for (int i = 0; i < 6; i++) {
      commitOne();
    }
    watcher.join(TimeUnit.SECONDS.toMillis(60));
    assertEquals(LongStream.rangeClosed(1, 9).boxed().toList(), seen);
  }

  private int listed(int limit) {
    return client.listUtxos(ListUtxosRequest.newBuilder().setOwner(key(0)).setLimit(limit).build()).getUtxosCount();
  }

  /**
   * {@code calls} GetBalance at once; waits for all of them (at most {@code seconds}) and counts
   * their outcomes.
   */
  private Map<Status.Code, Integer> balanceFlood(int calls, int seconds) throws InterruptedException {
    Map<Status.Code, Integer> outcomes = new ConcurrentHashMap<>();
    CountDownLatch done = new CountDownLatch(calls);
    NodeGrpc.NodeStub async = NodeGrpc.newStub(channel).withDeadlineAfter(seconds, TimeUnit.SECONDS);
    for (int i = 0; i < calls; i++) {
      async.getBalance(GetBalanceRequest.newBuilder().setOwner(key(i % 2)).build(), new StreamObserver<>() {
        @Override
        public void onNext(GetBalanceResponse value) {}

        @Override
        public void onError(Throwable t) {
          outcomes.merge(Status.fromThrowable(t).getCode(), 1, Integer::sum);
          done.countDown();
        }

        @Override
        public void onCompleted() {
          outcomes.merge(Status.Code.OK, 1, Integer::sum);
          done.countDown();
        }
      });
    }
    assertTrue(done.await(seconds + 5L, TimeUnit.SECONDS), "all calls ended: " + outcomes);
    return outcomes;
  }

  /**
   * Pays member 1 from one more genesis output and waits until the block holding it is committed;
   * a call refused RESOURCE_EXHAUSTED (during a flood) is tried again.
   */
  /** The next payment of one of member 0's outputs to member 1. */
  private Transaction nextPayment() {
    Utxo source = unspent.get(paid++);
    return Transactions.sign(CHAIN_ID, Transaction.newBuilder()
        .addInputs(TxInput.newBuilder().setSpends(source.getRef()))
        .addOutputs(TxOutput.newBuilder().setValue(source.getValue()).setLock(Scripts.standardLock(key(1))))
        .build(), List.of(members.get(0).keys()));
  }

  private void commitOne() throws InterruptedException {
    Transaction tx = nextPayment();
    NodeGrpc.NodeBlockingStub submitter = NodeGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    await("payment " + paid + " accepted", 30, () -> unlessExhausted(() -> {
      submitter.submitTransaction(SubmitTransactionRequest.newBuilder().setTransaction(tx).build());
      return true;
    }));
    int expected = paid;
    await("payment " + expected + " committed", 30, () -> unlessExhausted(() -> submitter
        .getBalance(GetBalanceRequest.newBuilder().setOwner(key(1)).build()).getOutputs() == expected));
  }

  private static boolean unlessExhausted(BooleanSupplier call) {
    try {
      return call.getAsBoolean();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED) {
        return false;
      }
      throw e;
    }
  }

  private ByteString key(int member) {
    return members.get(member).keys().publicKey();
  }
}
