package org.lpos.node.server;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lpos.testing.Eventually.await;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.lpos.node.api.ApiLimits;
import org.lpos.node.net.DiscardingStream;
import org.lpos.proto.v1.PeerEnvelope;
import org.lpos.proto.v1.PeerGrpc;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.StatusAnnouncement;

/** A flood of API work cannot hold back the senate's messages: Peer streams run on a pool of their own. */
class GrpcThreadsTest {

  @Test
  void peerMessagesAreHandledWhileEveryApiThreadIsBusyAndItsQueueLong() throws Exception {
    ApiLimits limits = ApiLimits.defaults();
    GrpcThreads threads = new GrpcThreads(limits, e -> {});
    CountDownLatch apiReleased = new CountDownLatch(1);
    Queue<String> handledOn = new ConcurrentLinkedQueue<>();
    String name = InProcessServerBuilder.generateName();
    Server server = InProcessServerBuilder.forName(name).executor(threads.api()).callExecutor(threads.byService())
        .addService(new PeerGrpc.PeerImplBase() {
          @Override
          public StreamObserver<PeerEnvelope> connect(StreamObserver<PeerEnvelope> out) {
            return new StreamObserver<>() {
              @Override
              public void onNext(PeerEnvelope value) {
                handledOn.add(Thread.currentThread().getName());
              }

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onCompleted() {
                out.onCompleted();
              }
            };
          }
        }).build().start();
    ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
    try {
      StreamObserver<PeerEnvelope> stream = PeerGrpc.newStub(channel).connect(new DiscardingStream());
      stream.onNext(status(1));
      await("the peer stream to be open", 10, () -> handledOn.size() == 1);

      // An API flood: every API thread busy and a thousand callbacks queued behind them.
      for (int i = 0; i < limits.threads() + 1_000; i++) {
        threads.api().execute(() -> {
          try {
            apiReleased.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
      }
      for (int h = 2; h <= 10; h++) {
        stream.onNext(status(h));
      }

      await("the peer's messages to be handled during the flood", 10, () -> handledOn.size() == 10,
          () -> handledOn.size() + " of 10 handled");
      assertTrue(handledOn.stream().skip(1).allMatch(t -> t.startsWith("lpos-grpc-peer-")),
          "on the peer pool: " + handledOn);
      stream.onCompleted();
    } finally {
      apiReleased.countDown();
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      threads.shutdownNow(1_000);
    }
  }

  private static PeerEnvelope status(long height) {
    return PeerEnvelope.newBuilder().setMessage(PeerMessage.newBuilder()
        .setStatus(StatusAnnouncement.newBuilder().setHeight(height))).build();
  }
}
