package org.lpos.lab.attack;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.lpos.proto.v1.GetBalanceRequest;
import org.lpos.proto.v1.GetBalanceResponse;
import org.lpos.proto.v1.NodeGrpc;

/**
 * Issue 14 (h), second half: waves of {@value #CONCURRENT} concurrent {@code GetBalance} calls per
 * node over {@value #CONNECTIONS} connections, a new wave as soon as the last one has ended, for
 * the attack's duration. A node that parks a thread per call on an unbounded executor and reads
 * the balance on the consensus thread makes thousands of threads and starves consensus; a sound
 * one answers from a published snapshot on a bounded executor and refuses the excess quickly.
 */
public final class BalanceStormAttack implements Attack {
  static final int CONCURRENT = 10_000;
  static final int CONNECTIONS = 10;
  private static final long CALL_TIMEOUT_MS = 10_000;

  @Override
  public String name() {
    return "balance-storm";
  }

  @Override
  public String description() {
    return "waves of " + CONCURRENT + " concurrent GetBalance calls per node";
  }

  @Override
  public AttackReport run(AttackTarget target, Duration duration, long seed, Runnable inEffect)
      throws InterruptedException {
    long start = System.nanoTime();
    Junk junk = new Junk(seed);
    CloseCodes codes = new CloseCodes();
    long sent = 0;
    long bytes = 0;
    long waves = 0;
    try (AttackChannels channels = new AttackChannels(target)) {
      List<NodeGrpc.NodeStub> stubs = new ArrayList<>();
      for (String node : target.nodes()) {
        for (int c = 0; c < CONNECTIONS; c++) {
          ManagedChannel channel = channels.open(node);
          stubs.add(NodeGrpc.newStub(channel));
        }
      }
      int calls = CONCURRENT * target.nodes().size();
      inEffect.run();
      long deadline = System.nanoTime() + duration.toNanos();
      while (System.nanoTime() < deadline) {
        waves++;
        CountDownLatch done = new CountDownLatch(calls);
        for (int i = 0; i < calls; i++) {
          GetBalanceRequest request = GetBalanceRequest.newBuilder().setOwner(junk.bytes(32)).build();
          sent++;
          bytes += request.getSerializedSize();
          stubs.get(i % stubs.size()).withDeadlineAfter(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS)
              .getBalance(request, new StreamObserver<GetBalanceResponse>() {
                @Override
                public void onNext(GetBalanceResponse value) {}

                @Override
                public void onError(Throwable t) {
                  codes.add(Status.fromThrowable(t).getCode());
                  done.countDown();
                }

                @Override
                public void onCompleted() {
                  codes.add(Status.Code.OK);
                  done.countDown();
                }
              });
        }
        // A wave may outlast the attack by one call timeout at most; its stragglers are cut off.
        done.await(Math.max(0, deadline - System.nanoTime()) + TimeUnit.MILLISECONDS.toNanos(CALL_TIMEOUT_MS),
            TimeUnit.NANOSECONDS);
      }
    }
    return new AttackReport(name(), PeerFlood.since(start), sent, bytes, sent,
        sent - codes.count(Status.Code.OK), "waves=" + waves + " ended_with=" + codes);
  }
}
