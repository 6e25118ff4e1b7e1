package org.lpos.discovery;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.lpos.proto.v1.DiscoveryGrpc;
import org.lpos.proto.v1.HeartbeatRequest;
import org.lpos.proto.v1.HeartbeatResponse;
import org.lpos.proto.v1.Instruction;
import org.lpos.proto.v1.ListPeersRequest;
import org.lpos.proto.v1.ListPeersResponse;
import org.lpos.proto.v1.MemberKey;
import org.lpos.proto.v1.PeerInfo;
import org.lpos.proto.v1.RegisterRequest;
import org.lpos.proto.v1.RegisterResponse;
import org.lpos.proto.v1.WatchInstructionsRequest;

/**
 * The {@code lpos.v1.Discovery} gRPC service: converts requests to {@link Registry} calls and
 * outcomes to responses or statuses. The registry is confined behind this object's lock, since
 * gRPC calls handlers on many threads; a rejected request fails only that call.
 */
public final class DiscoveryService extends DiscoveryGrpc.DiscoveryImplBase {
  private final Registry registry;
  private final InstructionBroadcast broadcast;
  private final DiscoveryJournal journal;
  private final int leaseSeconds;
  private final int expected;

  /**
   * @param registry the state, owned by this service from now on
   * @param broadcast the instruction streams
   * @param journal where events are recorded
   * @param leaseSeconds told to nodes so they heartbeat in time
   * @param expected M, told to nodes in every registration
   */
  public DiscoveryService(
      Registry registry, InstructionBroadcast broadcast, DiscoveryJournal journal,
      int leaseSeconds, int expected) {
    this.registry = registry;
    this.broadcast = broadcast;
    this.journal = journal;
    this.leaseSeconds = leaseSeconds;
    this.expected = expected;
  }

  /**
   * Builds the service a configuration describes.
   *
   * @param members the preloaded members (the first L of the members file), empty for none
   * @param clockMillis a monotonic millisecond clock for leases
   * @param random the source of node ids and peer samples
   */
  public static DiscoveryService create(
      DiscoveryConfig config, List<MemberKey> members, DiscoveryJournal journal,
      LongSupplier clockMillis, RandomGenerator random) {
    Registry registry = new Registry(
        config.fanOut(), config.leaseSeconds() * 1000L, members, clockMillis, random);
    InstructionBroadcast broadcast = new InstructionBroadcast(
        config.instruction().map(InstructionPlan::toProto), config.expected());
    return new DiscoveryService(
        registry, broadcast, journal, config.leaseSeconds(), config.expected());
  }

  @Override
  public void register(RegisterRequest request, StreamObserver<RegisterResponse> response) {
    RegisterOutcome outcome;
    synchronized (registry) {
      outcome = registry.register(
          request.getPublicKey(), request.getAddress(), request.getNodeName());
      if (outcome instanceof RegisterOutcome.Registered registered) {
        journal.registered(registered);
        // Under the registry lock, so the registration that makes M is the one that sends.
        int waiting = broadcast.waiting();
        broadcast.onRegistered(registered.registered())
            .ifPresent(sent -> journal.instructionSent(sent, registered.registered(), waiting));
      }
    }
    // Pattern switches are not final in Java 17, so the two outcomes are told apart by instanceof.
    if (outcome instanceof RegisterOutcome.Rejected rejected) {
      reject("Register", rejected.rejection(), response);
      return;
    }
    RegisterOutcome.Registered registered = (RegisterOutcome.Registered) outcome;
    RegisterResponse.Builder reply = RegisterResponse.newBuilder()
        .setNodeId(registered.self().getNodeId())
        .addAllPeers(registered.peers())
        .setLeaseSeconds(leaseSeconds)
        .setRegistered(registered.registered())
        .setExpected(expected);
    registered.member().ifPresent(reply::setMember);
    response.onNext(reply.build());
    response.onCompleted();
  }

  @Override
  public void listPeers(ListPeersRequest request, StreamObserver<ListPeersResponse> response) {
    if (request.getNodeId().isEmpty()) {
      reject("ListPeers", Rejection.invalid("node_id is required"), response);
      return;
    }
    Optional<List<PeerInfo>> peers;
    synchronized (registry) {
      peers = registry.listPeers(request.getNodeId());
    }
    if (peers.isEmpty()) {
      reject("ListPeers", new Rejection(Rejection.Kind.NOT_FOUND,
          "node_id " + request.getNodeId() + " is not registered or its lease lapsed; register again"),
          response);
      return;
    }
    journal.debug("list-peers " + request.getNodeId() + " sample=" + peers.get().size());
    response.onNext(ListPeersResponse.newBuilder().addAllPeers(peers.get()).build());
    response.onCompleted();
  }

  @Override
  public void heartbeat(HeartbeatRequest request, StreamObserver<HeartbeatResponse> response) {
    if (request.getNodeId().isEmpty()) {
      reject("Heartbeat", Rejection.invalid("node_id is required"), response);
      return;
    }
    boolean known;
    synchronized (registry) {
      known = registry.heartbeat(request.getNodeId());
    }
    journal.debug("heartbeat " + request.getNodeId() + " known=" + known);
    response.onNext(HeartbeatResponse.newBuilder().setKnown(known).build());
    response.onCompleted();
  }

  /**
   * Streams the instruction. Any non-empty node id may watch, registered or not: the instruction
   * is a broadcast, and a node whose lease lapsed while it waited must still learn it.
   */
  @Override
  public void watchInstructions(
      WatchInstructionsRequest request, StreamObserver<Instruction> response) {
    if (request.getNodeId().isEmpty()) {
      reject("WatchInstructions", Rejection.invalid("node_id is required"), response);
      return;
    }
    journal.debug("watch " + request.getNodeId());
    broadcast.watch(response);
  }

  /** How many instruction streams are open and waiting. */
  public int waitingWatchers() {
    return broadcast.waiting();
  }

  /** How many node names have registered. */
  public int registeredNodes() {
    synchronized (registry) {
      return registry.registeredCount();
    }
  }

  /** How many registered nodes hold a live lease. */
  public int liveNodes() {
    synchronized (registry) {
      return registry.liveCount();
    }
  }

  /** How many nodes the instruction was delivered to. */
  public long instructionsSent() {
    return broadcast.delivered();
  }

  /** Completes the open instruction streams; called when the server stops. */
  public void close() {
    broadcast.close();
  }

  private void reject(String rpc, Rejection rejection, StreamObserver<?> response) {
    journal.rejected(rpc, rejection);
    Status status = switch (rejection.kind()) {
      case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
      case RESOURCE_EXHAUSTED -> Status.RESOURCE_EXHAUSTED;
      case NOT_FOUND -> Status.NOT_FOUND;
    };
    response.onError(status.withDescription(rejection.message()).asRuntimeException());
  }
}
