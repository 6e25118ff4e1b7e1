package org.lpos.node.server;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.discovery.RegistrationProof;
import org.lpos.proto.v1.ClaimMemberRequest;
import org.lpos.node.net.ClientTls;
import org.lpos.node.net.NodeChannels;
import org.lpos.proto.v1.DiscoveryGrpc;
import org.lpos.proto.v1.HeartbeatRequest;
import org.lpos.proto.v1.Instruction;
import org.lpos.proto.v1.ListPeersRequest;
import org.lpos.proto.v1.MemberAssignment;
import org.lpos.proto.v1.PeerInfo;
import org.lpos.proto.v1.RegisterRequest;
import org.lpos.proto.v1.RegisterResponse;
import org.lpos.proto.v1.WatchInstructionsRequest;

/**
 * A node's link to the discovery service (PROTOCOL §9): with a preloading server, which member
 * index this node name runs as; a registration signed with the node's key under a random
 * instance id chosen once per process (so a second process with the same key is refused);
 * heartbeats carrying the lease token that keep the name; and the experiment instruction stream.
 * Discovery never sends a secret key: the node loads its member's key itself.
 */
public final class DiscoveryClient implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(DiscoveryClient.class.getName());
  /** How long registration waits for an unreachable discovery service before it fails. */
  public static final long REGISTER_WAIT_SECONDS = 30;
  /** How often a node whose name is still held by a predecessor asks again. */
  private static final long NAME_RETRY_MILLIS = 1_000;

  private final ManagedChannel channel;
  private final DiscoveryGrpc.DiscoveryBlockingStub blocking;
  private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "lpos-discovery-heartbeat");
    t.setDaemon(true);
    return t;
  });
  private final ByteString instanceId;
  private long lastTimestampMs;
  private volatile String nodeId;
  private volatile ByteString leaseToken = ByteString.EMPTY;

  /** A client of the discovery service at {@code target} (host:port), dialled with {@code tls}. */
  public DiscoveryClient(String target, ClientTls tls) {
    this(NodeChannels.open(target, tls), randomInstanceId());
  }

  /**
   * A client registering as {@code instanceId} (a node keeps it in its data directory, so a
   * restart on that directory is the same instance to discovery).
   */
  public DiscoveryClient(String target, ClientTls tls, ByteString instanceId) {
    this(NodeChannels.open(target, tls), instanceId);
  }

  /** A client over {@code channel}, which it closes. */
  DiscoveryClient(ManagedChannel channel) {
    this(channel, randomInstanceId());
  }

  private DiscoveryClient(ManagedChannel channel, ByteString instanceId) {
    if (instanceId.size() != RegistrationProof.INSTANCE_ID_BYTES) {
      throw new IllegalArgumentException("an instance id has " + RegistrationProof.INSTANCE_ID_BYTES + " bytes");
    }
    this.channel = channel;
    this.blocking = DiscoveryGrpc.newBlockingStub(channel);
    this.instanceId = instanceId;
  }

  private static ByteString randomInstanceId() {
    byte[] id = new byte[RegistrationProof.INSTANCE_ID_BYTES];
    new SecureRandom().nextBytes(id);
    return ByteString.copyFrom(id);
  }

  /** This process's instance id, sent with every registration. */
  public ByteString instanceId() {
    return instanceId;
  }

  /**
   * Asks a preloading discovery service which member {@code nodeName} runs as (index and public
   * key). Waits up to {@link #REGISTER_WAIT_SECONDS} for the service to become reachable.
   *
   * @throws StatusRuntimeException FAILED_PRECONDITION when the server does not preload members
   */
  public MemberAssignment claimMember(String nodeName) {
    return blocking.withWaitForReady().withDeadlineAfter(REGISTER_WAIT_SECONDS, TimeUnit.SECONDS)
        .claimMember(ClaimMemberRequest.newBuilder().setNodeName(nodeName).build()).getAssignment();
  }

  /** The key a node runs as and the registration it made with it. */
  public record Registration(KeyPair key, RegisterResponse response) {}

  /**
   * Registers this node, signed with {@code key}. Waits up to {@link #REGISTER_WAIT_SECONDS} for
   * the service to become reachable, so nodes started together with their discovery service (a
   * Kubernetes rollout, a script) do not fail while it starts.
   *
   * @param nameWait how long to keep asking while another process holds the name (a restarted
   *     node waits for its predecessor's lease to end); zero to fail at once
   * @throws StatusRuntimeException ALREADY_EXISTS when the name is still held after {@code nameWait}
   */
  public Registration register(KeyPair key, String address, String nodeName, Duration nameWait)
      throws InterruptedException {
    return registerLoop(() -> key, false, address, nodeName, nameWait);
  }

  /**
   * With a preloading discovery service: asks which member this node name runs as, takes that
   * member's key from {@code keyOf} (the node's own members file; it checks the public key) and
   * registers signed with it. When another name registered the same member first (ABORTED), it
   * claims again; when another process holds the name, it waits as {@link #register} does.
   */
  public Registration registerAsMember(
      Function<MemberAssignment, KeyPair> keyOf, String address, String nodeName, Duration nameWait)
      throws InterruptedException {
    return registerLoop(() -> keyOf.apply(claimMember(nodeName)), true, address, nodeName, nameWait);
  }

  private Registration registerLoop(
      Supplier<KeyPair> keys, boolean reclaim, String address, String nodeName, Duration nameWait)
      throws InterruptedException {
    long started = System.nanoTime();
    long nameDeadline = started + nameWait.toNanos();
    long claimDeadline = started + TimeUnit.SECONDS.toNanos(REGISTER_WAIT_SECONDS);
    while (true) {
      KeyPair key = keys.get();
      try {
        return new Registration(key, register(key, address, nodeName));
      } catch (StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        if (reclaim && code == Status.Code.ABORTED && System.nanoTime() < claimDeadline) {
          continue;
        }
        if (code != Status.Code.ALREADY_EXISTS || System.nanoTime() > nameDeadline) {
          throw e;
        }
        LOG.warning(() -> "discovery: " + e.getStatus().getDescription() + "; asking again");
        Thread.sleep(NAME_RETRY_MILLIS);
      }
    }
  }

  /** One signed registration (or renewal) attempt; see {@link #register(KeyPair, String, String, Duration)}. */
  public synchronized RegisterResponse register(KeyPair key, String address, String nodeName) {
    RegisterRequest request = RegistrationProof.sign(key, RegisterRequest.newBuilder()
        .setAddress(address).setNodeName(nodeName).setInstanceId(instanceId)
        .setTimestampMs(nextTimestamp()).build());
    RegisterResponse r = blocking.withWaitForReady().withDeadlineAfter(REGISTER_WAIT_SECONDS, TimeUnit.SECONDS)
        .register(request);
    nodeId = r.getNodeId();
    leaseToken = r.getLeaseToken();
    return r;
  }

  /**
   * Sends heartbeats every third of the lease; re-registers if the server forgot the node. When
   * the re-registration is refused because another process now holds the name, calls
   * {@code onNameLost} once: two processes must never run one member.
   */
  public void keepAlive(int leaseSeconds, Runnable reRegister, Consumer<String> onNameLost) {
    long period = Math.max(1_000, leaseSeconds * 1_000L / 3);
    heartbeats.scheduleAtFixedRate(() -> {
      try {
        boolean known = blocking.withDeadlineAfter(5, TimeUnit.SECONDS)
            .heartbeat(HeartbeatRequest.newBuilder().setNodeId(nodeId).setLeaseToken(leaseToken).build())
            .getKnown();
        if (!known) {
          reRegister.run();
        }
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.ALREADY_EXISTS) {
          onNameLost.accept(e.getStatus().getDescription());
          heartbeats.shutdown();
          return;
        }
        LOG.fine(() -> "heartbeat failed: " + e.getMessage());
      } catch (RuntimeException e) {
        LOG.fine(() -> "heartbeat failed: " + e.getMessage());
      }
    }, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * The public keys of a fresh sample of live peers (the server bounds it by its fan-out, at most
   * 100, never this node); empty when discovery does not answer within 5 s.
   */
  public List<ByteString> livePeerKeys() {
    try {
      return blocking.withDeadlineAfter(5, TimeUnit.SECONDS)
          .listPeers(ListPeersRequest.newBuilder().setNodeId(nodeId).build())
          .getPeersList().stream().map(PeerInfo::getPublicKey).toList();
    } catch (StatusRuntimeException e) {
      LOG.warning(() -> "discovery listed no peers: " + e.getStatus());
      return List.of();
    }
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

  /**
   * Wall-clock milliseconds, strictly increasing: the server refuses a timestamp it has seen.
   * Called under this object's lock, so registrations leave in timestamp order.
   */
  private long nextTimestamp() {
    lastTimestampMs = Math.max(System.currentTimeMillis(), lastTimestampMs + 1);
    return lastTimestampMs;
  }

  @Override
  public void close() {
    heartbeats.shutdownNow();
    channel.shutdownNow();
  }
}
