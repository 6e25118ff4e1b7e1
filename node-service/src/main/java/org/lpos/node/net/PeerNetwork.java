package org.lpos.node.net;

import com.google.protobuf.ByteString;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.crypto.Signatures;
import org.lpos.node.consensus.Outbound;
import org.lpos.proto.v1.HandshakeRole;
import org.lpos.proto.v1.PeerEnvelope;
import org.lpos.proto.v1.PeerGrpc;
import org.lpos.proto.v1.PeerMessage;

/**
 * The peer mesh (ARCHITECTURE {@code node.net}, transport only): the Peer service for inbound
 * streams, dialled streams to a fan-out sample of peers and to senators, reconnection with
 * exponential backoff, routing of the core's {@link Outbound} messages, and the communication
 * cost counters. Frames are checked at the edge (handshake first, no unknown fields), and
 * memory is bounded there ({@link PeerLimits}): inbound bytes by manual flow control, outbound
 * queues by bytes, streams by count per node and per address, handshakes by a deadline. Senate
 * traffic is taken only from keys holding stake ({@link Membership}); other keys are followers.
 */
public final class PeerNetwork implements AutoCloseable {
  /** Where authenticated peers' messages go (the node's event queue). */
  public interface Inbox {
    /** A message from the peer whose key is {@code from}. */
    void received(ByteString from, PeerMessage message);

    /**
     * A message whose bytes stay charged to its stream's inbound budget until {@code taken} runs
     * (exactly once, from any thread): when the driver takes it from its queue or refuses it.
     */
    default void received(ByteString from, PeerMessage message, Runnable taken) {
      try {
        received(from, message);
      } finally {
        taken.run();
      }
    }
  }

  private static final Logger LOG = Logger.getLogger(PeerNetwork.class.getName());
  private static final int QUEUE_LIMIT = 10_000;
  private static final int INVALID_MESSAGE_LIMIT = 20;
  private static final long BACKOFF_MIN_MS = 250;
  private static final long BACKOFF_MAX_MS = 10_000;

  private final KeyPair key;
  private final String chainId;
  private final ByteString genesisHash;
  private volatile String advertisedAddress = "";
  private volatile ChainLabel label = ChainLabel.UNNAMED;
  /**
   * Refusal reasons already logged as warnings: a node started with another N (or chain) is
   * redialled with backoff for as long as it runs, so each distinct reason is a warning once and
   * then an info line. Bounded, since a stranger chooses what its Hello says.
   */
  private final Set<String> warnedRefusals = ConcurrentHashMap.newKeySet();
  private static final int MAX_WARNED_REFUSALS = 64;
  private final int fanOut;
  private final Inbox inbox;
  private final Map<ByteString, PeerConnection> peers = new ConcurrentHashMap<>();
  private final Map<ByteString, String> addressBook = new ConcurrentHashMap<>();
  /**
   * Keys expected at an address, from sources that vouch for it (discovery, our own completed
   * dials), never from an inbound Hello's claim: a stranger must not be able to make us refuse
   * the real owner of an address.
   */
  private final Map<String, Set<ByteString>> keysAt = new ConcurrentHashMap<>();
  private final Map<String, Dialer> dialers = new ConcurrentHashMap<>();
  private final CommunicationCost cost = new CommunicationCost();
  private final AtomicLong handshakeFailures = new AtomicLong();
  private final AtomicLong droppedFrames = new AtomicLong();
  private final AtomicLong peersDropped = new AtomicLong();
  private final Map<ByteString, Integer> invalidMessages = new ConcurrentHashMap<>();
  private final PeerBudgets budgets;
  private final LongSupplier nanoClock;
  private final PeerLinks links;
  private final Map<ByteString, PeerBudget> budgetByPeer = new ConcurrentHashMap<>();
  private final Map<MessageKind, AtomicLong> overBudget = new EnumMap<>(MessageKind.class);
  private final PeerBudgets followerBudgets;
  private final PeerLimits limits;
  private final Membership membership;
  private final InboundBytes inboundBytes;
  private final InboundStreams inboundStreams;
  private final AtomicLong outboundBytes = new AtomicLong();
  private final AtomicLong followerOutboundBytes = new AtomicLong();
  /**
   * Block requests answered to all followers together: 10 a second, bursts of 20. A follower
   * catching up asks for one batch at a time (up to 64 blocks, a 1 MiB frame, built on the
   * consensus thread): ten a second is 640 blocks a second for followers, while at 20 a second
   * the unread-block-requests attack still took the consensus thread enough to cut commits to
   * 43% in one run of the suite.
   */
  private final TokenBucket followerBlockRequests;
  private static final PeerBudgets.Limit FOLLOWER_BLOCK_REQUESTS = new PeerBudgets.Limit(10, 20);
  private final AtomicLong handshakeTimeouts = new AtomicLong();
  private final AtomicLong refusedNonMembers = new AtomicLong();
  private final Map<MessageKind, AtomicLong> fromNonMembers = new EnumMap<>(MessageKind.class);
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "lpos-peer-dialer");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean open = true;

  /**
   * A mesh for {@code key} on the chain with {@code genesisHash}; {@code fanOut} 0 gossips to all.
   * It dials over TLS with the process's certificate.
   */
  public PeerNetwork(KeyPair key, String chainId, ByteString genesisHash, int fanOut, Inbox inbox) {
    this(key, chainId, genesisHash, fanOut, inbox, ClientTls.acceptingAnyServer());
  }

  /** A mesh that dials its peers with {@code dialTls}. */
  public PeerNetwork(KeyPair key, String chainId, ByteString genesisHash, int fanOut, Inbox inbox,
      ClientTls dialTls) {
    this(key, chainId, genesisHash, fanOut, inbox, PeerBudgets.defaults(), System::nanoTime, dialTls);
  }

  /** A mesh whose peers may send as much as {@code budgets} allow, timed by {@code nanoClock}. */
  public PeerNetwork(KeyPair key, String chainId, ByteString genesisHash, int fanOut, Inbox inbox,
      PeerBudgets budgets, LongSupplier nanoClock, ClientTls dialTls) {
    this(key, chainId, genesisHash, fanOut, inbox, budgets, PeerBudgets.followers(), nanoClock, PeerLimits.defaults(),
        Membership.everyone(), dialTls);
  }

  /**
   * A mesh whose stakeholders may send as much as {@code budgets} allow and other keys as much as
   * {@code followerBudgets}; {@code membership} says who holds stake, {@code limits} bound memory,
   * and peers are dialled with {@code dialTls}.
   */
  public PeerNetwork(KeyPair key, String chainId, ByteString genesisHash, int fanOut, Inbox inbox,
      PeerBudgets budgets, PeerBudgets followerBudgets, LongSupplier nanoClock, PeerLimits limits,
      Membership membership, ClientTls dialTls) {
    this(key, chainId, genesisHash, fanOut, inbox, budgets, followerBudgets, nanoClock, limits, membership,
        PeerLinks.over(dialTls));
  }

  /** As above, with peers dialled over {@code links} (TCP in a node, in-process gRPC in tests). */
  public PeerNetwork(KeyPair key, String chainId, ByteString genesisHash, int fanOut, Inbox inbox,
      PeerBudgets budgets, PeerBudgets followerBudgets, LongSupplier nanoClock, PeerLimits limits,
      Membership membership, PeerLinks links) {
    this.followerBudgets = followerBudgets;
    this.limits = limits;
    this.membership = membership;
    this.inboundBytes = new InboundBytes(limits.totalInboundBytes());
    this.inboundStreams = new InboundStreams(limits.maxInboundStreams(), limits.maxStreamsPerAddress());
    for (MessageKind kind : MessageKind.values()) {
      fromNonMembers.put(kind, new AtomicLong());
    }
    this.key = key;
    this.chainId = chainId;
    this.genesisHash = genesisHash;
    this.fanOut = fanOut;
    this.inbox = inbox;
    this.budgets = budgets;
    this.nanoClock = nanoClock;
    this.followerBlockRequests = new TokenBucket(FOLLOWER_BLOCK_REQUESTS, nanoClock.getAsLong());
    this.links = links;
    for (MessageKind kind : MessageKind.values()) {
      overBudget.put(kind, new AtomicLong());
    }
  }

  /** Sets the host:port peers should dial to reach this node (announced in every Hello). */
  public void advertise(String address) {
    this.advertisedAddress = address;
  }

  /** Sets the chain name and N announced in every Hello, so a refusal names both sides' N. */
  public void announce(ChainLabel chain) {
    this.label = chain;
  }

  /** The gRPC Peer service that accepts inbound streams. */
  public BindableService service() {
    PeerGrpc.PeerImplBase peer = new PeerGrpc.PeerImplBase() {
      @Override
      public StreamObserver<PeerEnvelope> connect(StreamObserver<PeerEnvelope> responseObserver) {
        String from = InboundStreams.callerHost();
        if (!inboundStreams.admit(from)) {
          responseObserver.onError(Status.RESOURCE_EXHAUSTED
              .withDescription("too many peer streams (per address or in all)").asRuntimeException());
          return new RefusedStream();
        }
        ServerCallStreamObserver<PeerEnvelope> stream = (ServerCallStreamObserver<PeerEnvelope>) responseObserver;
        stream.disableAutoRequest();
        PeerConnection c = newConnection(PeerConnection.Direction.INBOUND, null, from);
        // Over TLS the session check put the binding in the context (and refused streams without
        // one); with TLS off there is none and the proofs bind keys, roles and challenges only.
        ChannelBinding binding = ChannelBinding.CONTEXT_KEY.get();
        c.bind(Optional.of(binding == null ? ChannelBinding.PLAINTEXT : binding));
        c.attach(stream, true);
        return c;
      }
    };
    ServerServiceDefinition intercepted = ServerInterceptors.intercept(peer, InboundStreams.callerAddressInterceptor());
    return () -> intercepted;
  }

  /** What a refused stream's frames go to: nothing. */
  private static final class RefusedStream implements StreamObserver<PeerEnvelope> {
    @Override
    public void onNext(PeerEnvelope value) {}

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onCompleted() {}
  }

  /** Keeps a stream open to the peer at {@code address}, reconnecting with backoff. */
  public void connect(String address) {
    if (open && !address.equals(advertisedAddress)) {
      dialers.computeIfAbsent(address, a -> {
        Dialer d = new Dialer(a);
        d.dial();
        return d;
      });
    }
  }

  /**
   * Records where the peer with {@code publicKey} listens (from discovery): a dial to that address
   * then refuses any other key (unless sources disagree on the address, when none is expected).
   */
  public void learnAddress(ByteString publicKey, String address) {
    if (!publicKey.equals(key.publicKey()) && Signatures.isValidPublicKey(publicKey)) {
      addressBook.put(publicKey, address);
      keysAt.computeIfAbsent(address, a -> ConcurrentHashMap.newKeySet()).add(publicKey);
    }
  }

  /** Routes one of the core's outbound messages. */
  public void send(Outbound outbound) {
    if (outbound instanceof Outbound.ToPeer p) {
      sendTo(p.peer(), p.message());
    } else if (outbound instanceof Outbound.ToSenate s) {
      for (ByteString senator : s.senators()) {
        sendTo(senator, s.message());
      }
    } else if (outbound instanceof Outbound.Gossip g) {
      for (PeerConnection c : gossipTargets(g.except())) {
        c.send(g.message());
      }
    }
  }

  /** The authenticated peers, one connection per key. */
  public List<PeerConnection> connected() {
    return new ArrayList<>(peers.values());
  }

  /** Messages and bytes by type. */
  public CommunicationCost cost() {
    return cost;
  }

  /** Streams refused for a failed handshake or an invalid frame. */
  public long handshakeFailures() {
    return handshakeFailures.get();
  }

  /**
   * Counts an invalid message from {@code peer}; past {@value #INVALID_MESSAGE_LIMIT} the peer's
   * streams are closed (it may dial again and start from zero: a bounded cost for us).
   */
  public void penalize(ByteString peer, String reason) {
    int count = invalidMessages.merge(peer, 1, Integer::sum);
    if (count >= INVALID_MESSAGE_LIMIT) {
      invalidMessages.remove(peer);
      PeerConnection c = peers.get(peer);
      if (c != null) {
        peersDropped.incrementAndGet();
        c.fail("too many invalid messages, last: " + reason);
      }
    }
  }

  /** Peers disconnected for sending invalid messages or for running over their budgets. */
  public long peersDropped() {
    return peersDropped.get();
  }

  /** Messages of {@code kind} dropped unread because their peer ran over its budget. */
  public long overBudget(MessageKind kind) {
    return overBudget.get(kind).get();
  }

  /** Frames dropped because a peer's queue was full. */
  public long droppedFrames() {
    return droppedFrames.get();
  }

  /** The inbound byte budgets (bytes in flight, pauses). */
  public InboundBytes inboundBytes() {
    return inboundBytes;
  }

  /** Inbound streams open now, and those refused for the caps. */
  public InboundStreams inboundStreams() {
    return inboundStreams;
  }

  /** Bytes queued to all peers and not yet written. */
  public long outboundBytes() {
    return outboundBytes.get() + followerOutboundBytes.get();
  }

  /** Streams closed because they did not complete the handshake in time. */
  public long handshakeTimeouts() {
    return handshakeTimeouts.get();
  }

  /** Keys without stake refused at the handshake ({@link PeerLimits#membersOnly}). */
  public long refusedNonMembers() {
    return refusedNonMembers.get();
  }

  /** Senate messages of {@code kind} dropped at the edge because their sender holds no stake. */
  public long fromNonMembers(MessageKind kind) {
    return fromNonMembers.get(kind).get();
  }

  /** The limits this mesh holds its peers to. */
  public PeerLimits limits() {
    return limits;
  }

  @Override
  public void close() {
    open = false;
    scheduler.shutdownNow();
    for (PeerConnection c : peers.values()) {
      c.close();
    }
    for (Dialer d : dialers.values()) {
      d.channel.shutdownNow();
    }
  }

  // ---- callbacks from connections ----

  /** The peer proved its key: refused (with the reason) if it holds no stake and only members are served. */
  Optional<String> authenticated(PeerConnection c) {
    boolean member = membership.holdsStake(c.peerKey());
    if (!member && limits.membersOnly()) {
      refusedNonMembers.incrementAndGet();
      return Optional.of("this node serves only keys holding stake");
    }
    c.inbound().limit(member ? limits.memberStreamInboundBytes() : limits.followerStreamInboundBytes());
    c.limitOutbound(member ? limits.streamOutboundBytes()
        : Math.min(limits.streamOutboundBytes(), PeerLimits.FOLLOWER_STREAM_OUTBOUND_BYTES), member);
    PeerConnection previous = peers.put(c.peerKey(), c);
    if (previous != null && previous != c) {
      LOG.fine(() -> "second stream with peer, newest kept");
    }
    if (!c.address().isEmpty()) {
      addressBook.putIfAbsent(c.peerKey(), c.address());
    }
    if (c.direction() == PeerConnection.Direction.OUTBOUND) {
      keysAt.computeIfAbsent(c.address(), a -> ConcurrentHashMap.newKeySet()).add(c.peerKey());
    }
    return Optional.empty();
  }

  /** A message from an authenticated peer; {@code taken} releases its bytes (run here if it is dropped). */
  void received(PeerConnection c, PeerMessage message, Runnable taken) {
    cost.received(PeerEnvelope.newBuilder().setMessage(message).build());
    if (UnknownFields.anyIn(message)) {
      taken.run();
      c.fail("message with unknown fields");
      return;
    }
    MessageKind kind = MessageKind.of(message);
    if (kind.isSenate() && !membership.holdsStake(c.peerKey())) {
      // A follower may be connected, but the senate is not its business: dropped before it costs
      // a place in the driver's queue or a signature check.
      taken.run();
      fromNonMembers.get(kind).incrementAndGet();
      return;
    }
    if (!withinBudget(c, message)) {
      taken.run();
      return;
    }
    inbox.received(c.peerKey(), message, taken);
  }

  /**
   * Charges a message to its peer's budget before it reaches the driver's queue; a message over
   * budget is dropped and counted, and a peer that keeps running over is disconnected.
   */
  private boolean withinBudget(PeerConnection c, PeerMessage message) {
    MessageKind kind = MessageKind.of(message);
    long now = nanoClock.getAsLong();
    PeerBudget budget = budgetByPeer.computeIfAbsent(c.peerKey(),
        k -> new PeerBudget(membership.holdsStake(k) ? budgets : followerBudgets, now));
    PeerBudget.Verdict verdict = budget.charge(kind, message, now);
    if (verdict == PeerBudget.Verdict.ADMITTED && kind == MessageKind.BLOCK_REQUEST
        && !membership.holdsStake(c.peerKey()) && !followerBlockRequests(now)) {
      // Within its own budget, but followers together asked for more blocks than we serve them.
      overBudget.get(kind).incrementAndGet();
      return false;
    }
    if (verdict == PeerBudget.Verdict.ADMITTED) {
      return true;
    }
    overBudget.get(kind).incrementAndGet();
    if (verdict == PeerBudget.Verdict.DROPPED_AND_EXHAUSTED) {
      peersDropped.incrementAndGet();
      LOG.info(() -> "peer disconnected for running over its budget, last message: " + kind.label());
      c.fail("too many messages over budget, last: " + kind.label());
    }
    return false;
  }

  /**
   * Whether followers together may have one more block request answered: each answer is up to a
   * 1 MiB frame built on the consensus thread, and per-key budgets alone let a hundred fresh keys
   * ask a thousand of them at once (the unread-block-requests attack ran four nodes out of heap).
   */
  private synchronized boolean followerBlockRequests(long now) {
    return followerBlockRequests.tryTake(1, now);
  }

  void sent(PeerConnection c, PeerEnvelope frame) {
    cost.sent(frame);
  }

  void dropped(PeerConnection c, PeerEnvelope frame) {
    droppedFrames.incrementAndGet();
  }

  /**
   * Takes room for {@code bytes} in the node's outbound queues, in the stakeholders' pool or the
   * followers' (and unproven streams'); false if that pool is full. Separate pools, because keys
   * without stake that never read must not use up the room the senate's votes need.
   */
  boolean reserveOutbound(long bytes, boolean stakeholder) {
    AtomicLong pool = stakeholder ? outboundBytes : followerOutboundBytes;
    long cap = stakeholder ? limits.totalOutboundBytes()
        : Math.min(limits.totalOutboundBytes(), PeerLimits.FOLLOWERS_TOTAL_OUTBOUND_BYTES);
    if (pool.addAndGet(bytes) > cap && bytes > 0) {
      pool.addAndGet(-bytes);
      return false;
    }
    return true;
  }

  /** Gives back room taken by {@link #reserveOutbound} in the same pool. */
  void releaseOutbound(long bytes, boolean stakeholder) {
    (stakeholder ? outboundBytes : followerOutboundBytes).addAndGet(-bytes);
  }

  /** Moves a stream's queued bytes to the other pool when its handshake shows what it is. */
  void moveOutbound(long bytes, boolean toStakeholder) {
    releaseOutbound(bytes, !toStakeholder);
    (toStakeholder ? outboundBytes : followerOutboundBytes).addAndGet(bytes);
  }

  void handshakeFailedOrInvalid(PeerConnection c, String reason) {
    handshakeFailures.incrementAndGet();
    logRefusal("peer stream refused: " + reason);
  }

  /** The peer closed a stream before the handshake completed, with the reason its status gave. */
  void refusedByPeer(PeerConnection c, String description) {
    String shown = description == null ? "" : description.replaceAll("[^\\x20-\\x7e]", "?");
    logRefusal("peer " + c.address() + " refused the stream: \""
        + (shown.length() > 300 ? shown.substring(0, 300) + "..." : shown) + "\"");
  }

  private void logRefusal(String line) {
    boolean first = !warnedRefusals.contains(line) && warnedRefusals.size() < MAX_WARNED_REFUSALS
        && warnedRefusals.add(line);
    LOG.log(first ? Level.WARNING : Level.INFO, line);
  }

  void closed(PeerConnection c, String reason) {
    if (c.markEnded() && c.direction() == PeerConnection.Direction.INBOUND) {
      inboundStreams.release(c.remoteHost());
    }
    ByteString peer = c.peerKey();
    if (peer != null) {
      peers.remove(peer, c);
      // A peer's budget lives while it has a stream: a key that leaves costs no memory, and one
      // that comes back has paid for a new signed handshake.
      if (!peers.containsKey(peer)) {
        budgetByPeer.remove(peer);
      }
    }
  }

  // ---- routing ----

  private void sendTo(ByteString peer, PeerMessage message) {
    PeerConnection c = peers.get(peer);
    if (c != null) {
      c.send(message);
      return;
    }
    String address = addressBook.get(peer);
    if (address != null) {
      connect(address);
    }
  }

  private List<PeerConnection> gossipTargets(Set<ByteString> except) {
    List<PeerConnection> all = new ArrayList<>(peers.size());
    for (Map.Entry<ByteString, PeerConnection> e : peers.entrySet()) {
      if (!except.contains(e.getKey())) {
        all.add(e.getValue());
      }
    }
    if (fanOut == 0 || all.size() <= fanOut) {
      return all;
    }
    all.sort((a, b) -> a.direction() == b.direction() ? 0 : a.direction() == PeerConnection.Direction.OUTBOUND ? -1 : 1);
    return all.subList(0, fanOut);
  }

  private PeerConnection newConnection(PeerConnection.Direction direction, String address, String remoteHost) {
    boolean dialing = direction == PeerConnection.Direction.OUTBOUND;
    Handshake handshake = new Handshake(key, chainId, genesisHash, label, advertisedAddress,
        dialing ? HandshakeRole.HANDSHAKE_ROLE_DIALER : HandshakeRole.HANDSHAKE_ROLE_ACCEPTOR,
        dialing ? expectedKeyAt(address) : Optional.empty());
    PeerConnection c = new PeerConnection(this, handshake, direction, address, QUEUE_LIMIT, limits, inboundBytes,
        remoteHost);
    try {
      scheduler.schedule(() -> closeIfNotAuthenticated(c), limits.handshakeTimeoutMs(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      // The mesh is closing; the stream goes with it.
    }
    return c;
  }

  /** A stream that has not proved its key in time holds a slot and a budget for nothing. */
  private void closeIfNotAuthenticated(PeerConnection c) {
    if (c.peerKey() == null && c.isOpen()) {
      handshakeTimeouts.incrementAndGet();
      c.fail("handshake not completed within " + limits.handshakeTimeoutMs() + " ms");
    }
  }

  /** The key discovery or an earlier dial put at {@code address}, if exactly one. */
  private Optional<ByteString> expectedKeyAt(String address) {
    Set<ByteString> keys = keysAt.getOrDefault(address, Set.of());
    return keys.size() == 1 ? Optional.of(keys.iterator().next()) : Optional.empty();
  }

  /** Keeps one outbound stream to an address alive. */
  private final class Dialer {
    final String address;
    final ManagedChannel channel;
    int failures;

    Dialer(String address) {
      this.address = address;
      this.channel = links.open(address, limits.maxFrameBytes());
    }

    void dial() {
      if (!open) {
        return;
      }
      PeerConnection c = newConnection(PeerConnection.Direction.OUTBOUND, address, address);
      PeerGrpc.PeerStub stub = PeerGrpc.newStub(channel);
      if (links.tls()) {
        stub = stub.withInterceptors(new ChannelBindingCapture(c::bind));
      } else {
        c.bind(Optional.of(ChannelBinding.PLAINTEXT));
      }
      stub.connect(new ClientResponseObserver<PeerEnvelope, PeerEnvelope>() {
        @Override
        public void beforeStart(ClientCallStreamObserver<PeerEnvelope> requestStream) {
          requestStream.disableAutoRequestWithInitial(1);
          c.attach(requestStream, false);
        }

        @Override
        public void onNext(PeerEnvelope frame) {
          if (c.peerKey() == null && frame.hasProof()) {
            failures = 0;
          }
          c.onNext(frame);
        }

        @Override
        public void onError(Throwable t) {
          c.onError(t);
          redial();
        }

        @Override
        public void onCompleted() {
          c.onCompleted();
          redial();
        }
      });
    }

    void redial() {
      if (!open) {
        return;
      }
      long delay = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS << Math.min(failures, 10));
      failures++;
      scheduler.schedule(this::dial, delay, TimeUnit.MILLISECONDS);
    }
  }
}
