package org.lpos.node.server;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.lpos.node.net.ClientTls;
import org.lpos.node.net.NodeChannels;
import org.lpos.proto.v1.DiscoveryGrpc;
import org.lpos.proto.v1.HeartbeatRequest;
import org.lpos.proto.v1.Instruction;
import org.lpos.proto.v1.RegisterRequest;
import org.lpos.proto.v1.RegisterResponse;
import org.lpos.proto.v1.WatchInstructionsRequest;

/**
 * A node's link to the discovery service (PROTOCOL §9): registration (which may assign a
 * preloaded member), heartbeats that keep the registration alive, and the experiment
 * instruction stream.
 */
public final class DiscoveryClient implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(DiscoveryClient.class.getName());
  /** How long registration waits for an unreachable discovery service before it fails. */
  public static final long REGISTER_WAIT_SECONDS = 30;

  private final ManagedChannel channel;
  private final DiscoveryGrpc.DiscoveryBlockingStub blocking;
  private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "lpos-discovery-heartbeat");
    t.setDaemon(true);
    return t;
  });
  private String nodeId;

  /** A client of the discovery service at {@code target} (host:port), dialled with {@code tls}. */
  public DiscoveryClient(String target, ClientTls tls) {
    this(NodeChannels.open(target, tls));
  }

  /** A client over {@code channel}, which it closes. */
  DiscoveryClient(ManagedChannel channel) {
    this.channel = channel;
    this.blocking = DiscoveryGrpc.newBlockingStub(channel);
  }

  /**
   * Registers (or renews) this node; the response may carry a preloaded member. Waits up to
   * {@link #REGISTER_WAIT_SECONDS} for the service to become reachable, so nodes started together
   * with their discovery service (a Kubernetes rollout, a script) do not fail while it starts.
   */
  public RegisterResponse register(ByteString publicKey, String address, String nodeName) {
    RegisterResponse r = blocking.withWaitForReady().withDeadlineAfter(REGISTER_WAIT_SECONDS, TimeUnit.SECONDS)
        .register(RegisterRequest.newBuilder()
        .setPublicKey(publicKey).setAddress(address).setNodeName(nodeName).build());
    nodeId = r.getNodeId();
    return r;
  }

  /** Sends heartbeats every third of the lease; re-registers if the server forgot the node. */
  public void keepAlive(int leaseSeconds, Runnable reRegister) {
    long period = Math.max(1_000, leaseSeconds * 1_000L / 3);
    heartbeats.scheduleAtFixedRate(() -> {
      try {
        boolean known = blocking.withDeadlineAfter(5, TimeUnit.SECONDS)
            .heartbeat(HeartbeatRequest.newBuilder().setNodeId(nodeId).build()).getKnown();
        if (!known) {
          reRegister.run();
        }
      } catch (RuntimeException e) {
        LOG.fine(() -> "heartbeat failed: " + e.getMessage());
      }
    }, period, period, TimeUnit.MILLISECONDS);
  }

  /** Calls {@code onInstruction} when the server sends the experiment instruction. */
  public void watchInstructions(Consumer<Instruction> onInstruction) {
    DiscoveryGrpc.newStub(channel).watchInstructions(
        WatchInstructionsRequest.newBuilder().setNodeId(nodeId).build(), new StreamObserver<>() {
          @Override
          public void onNext(Instruction instruction) {
            onInstruction.accept(instruction);
          }

          @Override
          public void onError(Throwable t) {
            LOG.fine(() -> "instruction stream ended: " + t.getMessage());
          }

          @Override
          public void onCompleted() {
            // The server sends at most one instruction and then completes the stream.
          }
        });
  }

  @Override
  public void close() {
    heartbeats.shutdownNow();
    channel.shutdownNow();
  }
}
