package org.lpos.node.net;

import com.google.protobuf.ByteString;
import io.grpc.BindableService;
import java.util.ArrayList;
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
import java.util.logging.Logger;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.crypto.Signatures;
import org.lpos.node.consensus.Outbound;
import org.lpos.proto.v1.HandshakeRole;
import org.lpos.proto.v1.PeerEnvelope;
import org.lpos.proto.v1.PeerMessage;

/**
 * The peer mesh (ARCHITECTURE {@code node.net}, transport only): the Peer service for inbound
 * streams, dialled streams to a fan-out sample of peers and to senators, reconnection with
 * exponential backoff, routing of the core's {@link Outbound} messages, and the communication
 * cost counters. Frames are checked at the edge (handshake first, no unknown fields), and
 * memory is bounded there ({@link PeerLimits}): inbound bytes by manual flow control, outbound
 * queues by bytes, streams by count per node and per address, handshakes by a deadline. Senate
 * traffic is taken only from keys holding stake ({@link Membership}); other keys are followers.
 *
 * <p>Its parts: {@link PeerService} accepts streams, {@link PeerDialer} dials them (the one place
 * a channel is opened), {@link MessageAdmission} judges each message by its kind, {@link
 * AddressBook} knows where peers listen and {@link OutboundPools} bounds what is queued to them.
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

  private final KeyPair key;
  private final String chainId;
  private final ByteString genesisHash;
  private volatile String advertisedAddress = "";
  private volatile ChainLabel label = ChainLabel.UNNAMED;
  private final RefusalLog refusals = new RefusalLog();
  private final int fanOut;
  private final Inbox inbox;
  private final Map<ByteString, PeerConnection> peers = new ConcurrentHashMap<>();
  private final AddressBook addressBook = new AddressBook();
  private final Map<String, PeerDialer> dialers = new ConcurrentHashMap<>();
  private final CommunicationCost cost = new CommunicationCost();
  private final AtomicLong handshakeFailures = new AtomicLong();
  private final AtomicLong droppedFrames = new AtomicLong();
  private final AtomicLong peersDropped = new AtomicLong();
  private final Map<ByteString, Integer> invalidMessages = new ConcurrentHashMap<>();
  private final PeerLinks links;
  private final PeerLimits limits;
  private final Membership membership;
  private final MessageAdmission admission;
  private final InboundBytes inboundBytes;
  private final InboundStreams inboundStreams;
  private final OutboundPools outbound;
  private final AtomicLong handshakeTimeouts = new AtomicLong();
  private final AtomicLong refusedNonMembers = new AtomicLong();
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
    this.limits = limits;
    this.membership = membership;
    this.admission = new MessageAdmission(budgets, followerBudgets, nanoClock, membership);
    this.inboundBytes = new InboundBytes(limits.totalInboundBytes());
    this.inboundStreams = new InboundStreams(limits.maxInboundStreams(), limits.maxStreamsPerAddress());
    this.outbound = new OutboundPools(limits);
    this.key = key;
    this.chainId = chainId;
    this.genesisHash = genesisHash;
    this.fanOut = fanOut;
    this.inbox = inbox;
    this.links = links;
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
    return PeerService.of(this, inboundStreams);
  }

  /** Keeps a stream open to the peer at {@code address}, reconnecting with backoff. */
  public void connect(String address) {
    if (open && !address.equals(advertisedAddress)) {
      dialers.computeIfAbsent(address, a -> {
        PeerDialer d = new PeerDialer(this, a, links, limits.maxFrameBytes(), scheduler);
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
      addressBook.vouch(publicKey, address);
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
    } else {
      throw new IllegalStateException("outbound message of no known kind: " + outbound);
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
    return admission.overBudget(kind);
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
    return outbound.total();
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
    return admission.fromNonMembers(kind);
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
    for (PeerDialer d : dialers.values()) {
      d.shutdown();
    }
  }

  /** Whether the mesh still runs (dialers stop redialling once it is closed). */
  boolean isOpen() {
    return open;
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
      addressBook.claimed(c.peerKey(), c.address());
    }
    if (c.direction() == PeerConnection.Direction.OUTBOUND) {
      addressBook.reached(c.peerKey(), c.address());
    }
    return Optional.empty();
  }

  /**
   * A message from an authenticated peer; {@code taken} releases its bytes (run here if it is
   * dropped). What the admission says is done to it, case by case; no verdict falls through.
   */
  void received(PeerConnection c, PeerMessage message, Runnable taken) {
    cost.received(PeerEnvelope.newBuilder().setMessage(message).build());
    if (UnknownFields.anyIn(message)) {
      taken.run();
      c.fail("message with unknown fields");
      return;
    }
    MessageKind kind = MessageKind.of(message);
    MessageAdmission.Verdict verdict = admission.admit(c.peerKey(), kind, message);
    switch (verdict) {
      case ADMITTED -> inbox.received(c.peerKey(), message, taken);
      case DROPPED -> taken.run();
      case DISCONNECT -> {
        taken.run();
        peersDropped.incrementAndGet();
        LOG.info(() -> "peer disconnected for running over its budget, last message: " + kind.label());
        c.fail("too many messages over budget, last: " + kind.label());
      }
      case OFFENCE -> {
        taken.run();
        penalize(c.peerKey(), "message of no known kind (" + message.getBodyCase() + ")");
      }
      default -> throw new IllegalStateException("admission verdict without a rule: " + verdict);
    }
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
    return outbound.reserve(bytes, stakeholder);
  }

  /** Gives back room taken by {@link #reserveOutbound} in the same pool. */
  void releaseOutbound(long bytes, boolean stakeholder) {
    outbound.release(bytes, stakeholder);
  }

  /** Moves a stream's queued bytes to the other pool when its handshake shows what it is. */
  void moveOutbound(long bytes, boolean toStakeholder) {
    outbound.move(bytes, toStakeholder);
  }

  void handshakeFailedOrInvalid(PeerConnection c, String reason) {
    handshakeFailures.incrementAndGet();
    refusals.weRefused(reason);
  }

  /** The peer closed a stream before the handshake completed, with the reason its status gave. */
  void refusedByPeer(PeerConnection c, String description) {
    refusals.peerRefused(c.address(), description);
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
        admission.forget(peer);
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
    addressBook.addressOf(peer).ifPresent(this::connect);
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

  /** A connection, its handshake and its handshake deadline; {@code address} is null for inbound streams. */
  PeerConnection newConnection(PeerConnection.Direction direction, String address, String remoteHost) {
    boolean dialing = direction == PeerConnection.Direction.OUTBOUND;
    Handshake handshake = new Handshake(key, chainId, genesisHash, label, advertisedAddress,
        dialing ? HandshakeRole.HANDSHAKE_ROLE_DIALER : HandshakeRole.HANDSHAKE_ROLE_ACCEPTOR,
        dialing ? addressBook.expectedKeyAt(address) : Optional.empty());
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
}
