package org.lpos.discovery;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.lpos.proto.v1.ClaimMemberRequest;
import org.lpos.proto.v1.ClaimMemberResponse;
import org.lpos.proto.v1.DiscoveryGrpc;
import org.lpos.proto.v1.HeartbeatRequest;
import org.lpos.proto.v1.HeartbeatResponse;
import org.lpos.proto.v1.Instruction;
import org.lpos.proto.v1.ListPeersRequest;
import org.lpos.proto.v1.ListPeersResponse;
import org.lpos.proto.v1.MemberAssignment;
import org.lpos.proto.v1.PeerInfo;
import org.lpos.proto.v1.RegisterRequest;
import org.lpos.proto.v1.RegisterResponse;
import org.lpos.proto.v1.WatchInstructionsRequest;

/**
 * The {@code lpos.v1.Discovery} gRPC service: converts requests to {@link Registry} calls and
 * outcomes to responses or statuses. A registration passes the per-source rate limit, then its
 * syntax, then its signature, before the registry sees it. The registry is confined behind this
 * object's lock, since gRPC calls handlers on many threads; a rejected request fails only that
 * call and is counted by kind.
 */
public final class DiscoveryService extends DiscoveryGrpc.DiscoveryImplBase {
  private final Registry registry;
  private final InstructionBroadcast broadcast;
  private final DiscoveryJournal journal;
  private final int leaseSeconds;
  private final int expected;
  private final SourceRateLimiter rate;
  private final LongSupplier wallMillis;
  private final long maxClockSkewMillis;
  private final Optional<StartDeadline> startDeadline;
  private final LongSupplier clockMillis;
  private final AtomicLongArray rejections = new AtomicLongArray(Rejection.Kind.values().length);

  /**
   * @param registry the state, owned by this service from now on
   * @param broadcast the instruction streams
   * @param journal where events are recorded
   * @param leaseSeconds told to nodes so they heartbeat in time
   * @param expected M, told to nodes in every registration
   * @param rate the per-source limit on Register and ClaimMember calls
   * @param wallMillis the wall clock registrations' timestamps are checked against
   * @param maxClockSkewMillis how far a registration's timestamp may be from {@code wallMillis}
   * @param startDeadline the deadline for M registrations, if one applies
   * @param clockMillis the monotonic clock the start deadline is measured with
   */
  DiscoveryService(
      Registry registry, InstructionBroadcast broadcast, DiscoveryJournal journal,
      int leaseSeconds, int expected, SourceRateLimiter rate, LongSupplier wallMillis,
      long maxClockSkewMillis, Optional<StartDeadline> startDeadline, LongSupplier clockMillis) {
    this.registry = registry;
    this.broadcast = broadcast;
    this.journal = journal;
    this.leaseSeconds = leaseSeconds;
    this.expected = expected;
    this.rate = rate;
    this.wallMillis = wallMillis;
    this.maxClockSkewMillis = maxClockSkewMillis;
    this.startDeadline = startDeadline;
    this.clockMillis = clockMillis;
  }

  /**
   * Builds the service a configuration describes.
   *
   * @param members the preloaded members (public part of the first L of the members file)
   * @param clockMillis a monotonic millisecond clock for leases and rates
   * @param wallMillis the wall clock (ms since the epoch) registrations' timestamps are checked against
   * @param random the source of node ids, lease tokens and peer samples
   */
  public static DiscoveryService create(
      DiscoveryConfig config, List<MemberAssignment> members, DiscoveryJournal journal,
      LongSupplier clockMillis, LongSupplier wallMillis, RandomGenerator random) {
    DiscoveryLimits limits = config.limits();
    Registry registry = new Registry(config.fanOut(), config.leaseSeconds() * 1000L,
        limits.maxNames(), limits.maxNamesPerSource(), members, clockMillis, random);
    InstructionBroadcast broadcast = new InstructionBroadcast(
        config.instruction().map(InstructionPlan::toProto), config.expected());
    SourceRateLimiter rate = new SourceRateLimiter(
        limits.registrationsPerSecondPerSource(), DiscoveryLimits.MAX_TRACKED_SOURCES, clockMillis);
    Optional<StartDeadline> deadline = config.startDeadlineMillis().isPresent()
        ? Optional.of(new StartDeadline(config.expected(), config.startDeadlineMillis().getAsLong()))
        : Optional.empty();
    return new DiscoveryService(registry, broadcast, journal, config.leaseSeconds(),
        config.expected(), rate, wallMillis, limits.maxClockSkewSeconds() * 1000L, deadline,
        clockMillis);
  }

  @Override
  public void claimMember(ClaimMemberRequest request, StreamObserver<ClaimMemberResponse> response) {
    String source = SourceAddress.current();
    ClaimOutcome outcome;
    synchronized (registry) {
      outcome = rate.tryAcquire(source)
          ? registry.claimMember(request.getNodeName())
          : new ClaimOutcome.Refused(tooFast(source));
    }
    if (outcome instanceof ClaimOutcome.Refused refused) {
      reject("ClaimMember", refused.rejection(), response);
      return;
    }
    MemberAssignment member = ((ClaimOutcome.Claimed) outcome).member();
    journal.debug("claim " + request.getNodeName() + " member=" + member.getIndex());
    response.onNext(ClaimMemberResponse.newBuilder().setAssignment(member).build());
    response.onCompleted();
  }

  @Override
  public void register(RegisterRequest request, StreamObserver<RegisterResponse> response) {
    String source = SourceAddress.current();
    RegisterOutcome outcome;
    synchronized (registry) {
      outcome = rate.tryAcquire(source) ? null : new RegisterOutcome.Rejected(tooFast(source));
    }
    if (outcome == null) {
      // The signature is verified outside the lock: it is the expensive step, and it needs no state.
      Optional<Rejection> problem = RegistrationRules.check(request)
          .or(() -> RegistrationRules.proofProblem(request, wallMillis.getAsLong(), maxClockSkewMillis));
      outcome = problem.<RegisterOutcome>map(RegisterOutcome.Rejected::new).orElse(null);
    }
    synchronized (registry) {
      if (outcome == null) {
        outcome = registry.register(request, source);
      }
      if (outcome instanceof RegisterOutcome.Registered registered) {
        journal.registered(registered);
        startDeadline.ifPresent(d -> d.onRegistered(registered.registered(), clockMillis.getAsLong()));
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
        .setExpected(expected)
        .setLeaseToken(registered.leaseToken())
        // Past uint32 the order is unknown (0), and the node names its log after itself instead.
        .setRegistrationOrder(registered.order() <= 0xFFFF_FFFFL ? (int) registered.order() : 0);
    registered.member().ifPresent(reply::setAssignment);
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
      known = registry.heartbeat(request.getNodeId(), request.getLeaseToken());
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
    if (broadcast.waiting() >= DiscoveryLimits.MAX_WATCHERS) {
      reject("WatchInstructions", Rejection.exhausted(DiscoveryLimits.MAX_WATCHERS
          + " instruction streams are open; try again later"), response);
      return;
    }
    journal.debug("watch " + request.getNodeId());
    broadcast.watch(response);
  }

  /**
   * Why the experiment is given up, once M node names have not registered within the start
   * deadline of the first; empty while there is time, when they did, or without a deadline.
   */
  public Optional<String> startDeadlineMissed() {
    synchronized (registry) {
      return startDeadline.flatMap(d -> d.missed(registry.registeredCount(), clockMillis.getAsLong()));
    }
  }

  /** How many requests were refused with {@code kind}. */
  public long rejected(Rejection.Kind kind) {
    return rejections.get(kind.ordinal());
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

  private static Rejection tooFast(String source) {
    return Rejection.exhausted("source " + source + " registers faster than its limit"
        + " (--registrations-per-second); retry later");
  }

  private void reject(String rpc, Rejection rejection, StreamObserver<?> response) {
    rejections.incrementAndGet(rejection.kind().ordinal());
    journal.rejected(rpc, rejection);
    Status status = switch (rejection.kind()) {
      case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
      case RESOURCE_EXHAUSTED -> Status.RESOURCE_EXHAUSTED;
      case NOT_FOUND -> Status.NOT_FOUND;
      case ALREADY_EXISTS -> Status.ALREADY_EXISTS;
      case PERMISSION_DENIED -> Status.PERMISSION_DENIED;
      case UNAUTHENTICATED -> Status.UNAUTHENTICATED;
      case FAILED_PRECONDITION -> Status.FAILED_PRECONDITION;
      case ABORTED -> Status.ABORTED;
    };
    response.onError(status.withDescription(rejection.message()).asRuntimeException());
  }
}
