package org.lpos.lab.attack;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.lpos.proto.v1.NodeGrpc;
import org.lpos.proto.v1.WatchBlocksRequest;
import org.lpos.proto.v1.WatchBlocksResponse;

/**
 * Issue 14 (h), first half: {@value #WATCHERS} {@code WatchBlocks{from_height: 1}} calls per
 * node, spread over {@value #CONNECTIONS} connections, that never ask for a single message (gRPC
 * manual flow control, nothing requested), held open for the attack's duration. Each asks the
 * node to replay its history and then every new block. A node that writes without checking
 * whether the stream is ready holds all of it; a sound one paces each stream by its readiness,
 * off the consensus thread, and caps the watchers.
 */
public final class UnreadWatchersAttack implements Attack {
  static final int WATCHERS = 1_000;
  static final int CONNECTIONS = 10;

  @Override
  public String name() {
    return "unread-watchers";
  }

  @Override
  public String description() {
    return WATCHERS + " WatchBlocks{from_height:1} per node that never read";
  }

  @Override
  public AttackReport run(AttackTarget target, Duration duration, long seed, Runnable inEffect)
      throws InterruptedException {
    long start = System.nanoTime();
    WatchBlocksRequest request = WatchBlocksRequest.newBuilder().setFromHeight(1).build();
    CloseCodes codes = new CloseCodes();
    AtomicLong received = new AtomicLong();
    List<ClientCall<WatchBlocksRequest, WatchBlocksResponse>> calls = new ArrayList<>();
    try (AttackChannels channels = new AttackChannels(target)) {
      for (String node : target.nodes()) {
        List<ManagedChannel> connections = new ArrayList<>();
        for (int c = 0; c < CONNECTIONS; c++) {
          connections.add(channels.open(node));
        }
        for (int i = 0; i < WATCHERS; i++) {
          ClientCall<WatchBlocksRequest, WatchBlocksResponse> call = connections.get(i % CONNECTIONS)
              .newCall(NodeGrpc.getWatchBlocksMethod(), CallOptions.DEFAULT);
          call.start(new ClientCall.Listener<>() {
            @Override
            public void onMessage(WatchBlocksResponse message) {
              received.incrementAndGet();
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
              codes.add(status.getCode());
            }
          }, new Metadata());
          call.sendMessage(request);
          call.halfClose();
          calls.add(call);
        }
      }
      long setupMs = PeerFlood.since(start).toMillis();
      inEffect.run();
      PeerFlood.holdUntil(System.nanoTime() + duration.toNanos());
      long closedByNode = codes.total();
      calls.forEach(c -> c.cancel("attack over", null));
      return new AttackReport(name(), PeerFlood.since(start), calls.size(), (long) calls.size()
          * request.getSerializedSize(), calls.size(), closedByNode, "setup_ms=" + setupMs
          + " ended_before_the_attack=" + (closedByNode == 0 ? "none" : codes.toString()));
    }
  }
}
