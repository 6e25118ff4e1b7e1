package org.lpos.node.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.chain.model.Member;
import org.lpos.node.consensus.Outbound;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.Script;
import org.lpos.proto.v1.ScriptUnit;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TransactionBatch;
import org.lpos.proto.v1.TxOutput;
import org.lpos.testing.Eventually;

/**
 * Inbound backpressure over real gRPC on 127.0.0.1: a peer that sends faster than the receiving
 * node's driver takes its messages is paused by manual flow control once its stream holds its
 * byte budget, so the receiver holds at most the budget plus one frame; when the driver takes the
 * held messages the stream resumes and every frame arrives, none lost.
 */
class InboundFlowControlIT {
  private static final int FRAMES = 300;
  private static final int FRAME_PAYLOAD_BYTES = 10_000;
  private static final long STREAM_BUDGET_BYTES = 100_000;

  private final List<Member> members = TestMembers.derive(41, 2);
  private final ConcurrentLinkedQueue<Runnable> held = new ConcurrentLinkedQueue<>();
  private final AtomicInteger delivered = new AtomicInteger();
  private PeerNetwork receiver;
  private PeerNetwork sender;
  private Server server;

  @AfterEach
  void stop() throws InterruptedException {
    sender.close();
    receiver.close();
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void aPeerFasterThanTheDriverIsPausedAtItsBudgetAndLosesNothing() throws Exception {
    PeerLimits limits = PeerLimits.defaults().withInboundBytes(STREAM_BUDGET_BYTES, STREAM_BUDGET_BYTES, 64L << 20);
    receiver = new PeerNetwork(members.get(0).keys(), "lpos-flow", ByteString.EMPTY, 0, new HoldingInbox(),
        PeerBudgets.defaults(), PeerBudgets.followers(), System::nanoTime, limits, Membership.everyone(), ClientTls.off());
    server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).addService(receiver.service())
        .build().start();
    // One frame per batch on the sender's side, so frames sent and messages delivered compare one to one.
    PeerLimits unmerged = new PeerLimits(16L << 20, 4L << 20, 64L << 20, 16L << 20, 128L << 20, 1,
        FrameLimit.DEFAULT_FRAME_BYTES, 5_000, 512, 128, false);
    sender = new PeerNetwork(members.get(1).keys(), "lpos-flow", ByteString.EMPTY, 0, (from, m) -> { },
        PeerBudgets.defaults(), PeerBudgets.followers(), System::nanoTime, unmerged, Membership.everyone(), ClientTls.off());
    sender.connect("127.0.0.1:" + server.getPort());
    ByteString receiverKey = members.get(0).keys().publicKey();
    await("the sender's stream authenticated", () -> sender.connected().stream()
        .anyMatch(c -> receiverKey.equals(c.peerKey())));

    for (int i = 0; i < FRAMES; i++) {
      sender.send(new Outbound.ToPeer(receiverKey, batch(i)));
    }
    await("the receiver paused the stream", () -> receiver.inboundBytes().pausedStreams() == 1);
    int frameBytes = batch(0).getSerializedSize() + 8;
    assertTrue(receiver.inboundBytes().inFlightBytes() <= STREAM_BUDGET_BYTES + frameBytes,
        "held " + receiver.inboundBytes().inFlightBytes() + " bytes: at most the budget plus one frame");
    int whilePaused = delivered.get();
    assertTrue(whilePaused < FRAMES / 2, "the sender was held back: " + whilePaused + " of " + FRAMES);

    await("every frame delivered once the driver takes what it holds", () -> {
      Runnable ticket;
      while ((ticket = held.poll()) != null) {
        ticket.run();
      }
      return delivered.get() == FRAMES;
    });
    assertEquals(0, sender.droppedFrames(), "nothing was dropped: the sender waited");
  }

  private static PeerMessage batch(int i) {
    byte[] payload = new byte[FRAME_PAYLOAD_BYTES];
    payload[0] = (byte) i;
    payload[1] = (byte) (i >> 8);
    Transaction tx = Transaction.newBuilder().addOutputs(TxOutput.newBuilder().setValue(1)
        .setLock(Script.newBuilder().addUnits(ScriptUnit.newBuilder().setData(ByteString.copyFrom(payload))))).build();
    return PeerMessage.newBuilder().setTransactions(TransactionBatch.newBuilder().addTransactions(tx)).build();
  }

  /** A driver that never takes anything until the test lets it. */
  private final class HoldingInbox implements PeerNetwork.Inbox {
    @Override
    public void received(ByteString from, PeerMessage message) {
      throw new AssertionError("the network hands messages over with their tickets");
    }

    @Override
    public void received(ByteString from, PeerMessage message, Runnable taken) {
      delivered.incrementAndGet();
      held.add(taken);
    }
  }

  private static void await(String what, BooleanSupplier condition) {
    Eventually.await(what, 20, condition);
  }
}
