package org.lpos.discovery;

import com.google.protobuf.ByteString;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.lpos.proto.v1.MemberAssignment;
import org.lpos.proto.v1.PeerInfo;
import org.lpos.proto.v1.RegisterRequest;

/**
 * The discovery service's state: which node names are held, by which key and process, until
 * when; and, with preloading, which member each name runs as.
 *
 * <p>A name is held by the key and instance id (one process) that registered it until its lease
 * ends; another key, or another process of the same key, is refused while the lease is live, so
 * nobody can take over a live node's name and two processes never run one member. A lapsed name
 * is forgotten, so the state is bounded by the live names: at most {@code maxNames}, and at most
 * {@code maxNamesPerSource} per remote address. Peer samples hold at most
 * {@link #MAX_SAMPLE_PEERS}, so no response grows with the registry.
 *
 * <p>With preloading, {@link #claimMember} names the member a node name runs as: the one it is
 * bound to, else the next in the order nodes connect ({@link MemberBindings}). A claim reserves
 * nothing (so junk claims cost nobody a member); the node's registration signed with that
 * member's key binds the name to the member for the life of the server, and only that key can
 * hold the name again. Of two names that registered for the same free member, the second is told
 * ABORTED and claims again. The registry never holds secret keys.
 *
 * <p>A pure state machine: time comes from an injected monotonic millisecond clock and
 * randomness (node ids, lease tokens, samples) from an injected generator, so a test can replay
 * any sequence exactly. Not thread-safe; the caller confines it or synchronizes.
 */
public final class Registry {
  /** The most peers a sample holds, whatever the fan-out: a response stays a few tens of KiB. */
  public static final int MAX_SAMPLE_PEERS = 100;

  private static final int NODE_ID_BYTES = 16;
  private static final int LEASE_TOKEN_BYTES = 16;

  private final int sampleSize;
  private final long leaseMillis;
  private final int maxNames;
  private final int maxNamesPerSource;
  private final MemberBindings members;
  private final LongSupplier clockMillis;
  private final RandomGenerator random;

  private final Map<String, Holding> byName = new HashMap<>();
  private final Map<String, Holding> byNodeId = new HashMap<>();
  private final Map<ByteString, Holding> byKey = new HashMap<>();
  // Every renewal sets expiry to now + lease, so renewal order is expiry order: re-inserting on
  // renewal keeps the soonest expiry first, and expiring costs only what it removes.
  private final LinkedHashMap<String, Holding> byExpiry = new LinkedHashMap<>();
  // The live holdings in an array for O(fan-out) sampling; each holding knows its slot.
  private final List<Holding> sampleable = new ArrayList<>();
  private final Map<String, Integer> heldBySource = new HashMap<>();
  /** Names registered so far, lapsed ones included: the next registration's order is this plus one. */
  private long registrations;

  /** One live name: mutable only through renewals, which keep the key and instance id. */
  private static final class Holding {
    final String nodeId;
    final ByteString key;
    final ByteString instanceId;
    final ByteString leaseToken;
    final String source;
    final Optional<MemberAssignment> member;
    final long order;
    PeerInfo peer;
    long expiresAtMillis;
    long lastTimestampMs;
    int slot;

    Holding(String nodeId, ByteString key, ByteString instanceId, ByteString leaseToken,
        String source, Optional<MemberAssignment> member, long order) {
      this.nodeId = nodeId;
      this.key = key;
      this.instanceId = instanceId;
      this.leaseToken = leaseToken;
      this.source = source;
      this.member = member;
      this.order = order;
    }
  }

  /**
   * Creates an empty registry.
   *
   * @param fanOut how many peers a sample holds; 0 means all, up to {@link #MAX_SAMPLE_PEERS}
   * @param leaseMillis how long a registration or heartbeat holds a name
   * @param maxNames the most live names at once
   * @param maxNamesPerSource the most live names held from one remote address
   * @param preloaded the members handed out to new node names in order; empty to not preload
   * @param clockMillis a monotonic millisecond clock
   * @param random the source of node ids, lease tokens and samples
   */
  public Registry(
      int fanOut, long leaseMillis, int maxNames, int maxNamesPerSource,
      List<MemberAssignment> preloaded, LongSupplier clockMillis, RandomGenerator random) {
    if (fanOut < 0 || fanOut > MAX_SAMPLE_PEERS || leaseMillis <= 0 || maxNames < 1
        || maxNamesPerSource < 1) {
      throw new IllegalArgumentException("fanOut must be 0-" + MAX_SAMPLE_PEERS
          + ", leaseMillis, maxNames and maxNamesPerSource > 0");
    }
    this.sampleSize = fanOut == 0 ? MAX_SAMPLE_PEERS : fanOut;
    this.leaseMillis = leaseMillis;
    this.maxNames = maxNames;
    this.maxNamesPerSource = maxNamesPerSource;
    // A claim's offer lasts a lease: a node that claimed and then died frees its place in line.
    this.members = new MemberBindings(preloaded, leaseMillis);
    this.clockMillis = clockMillis;
    this.random = random;
  }

  /** Whether node names run as preloaded members (and must claim one first). */
  public boolean preloading() {
    return members.preloading();
  }

  /**
   * With preloading, the member {@code nodeName} runs as: the one it is bound to, else the next in
   * connection order (see {@link MemberBindings#claim}; reserved for nobody until a signed
   * registration binds it).
   */
  public ClaimOutcome claimMember(String nodeName) {
    Optional<Rejection> problem = RegistrationRules.nameProblem(nodeName);
    if (problem.isPresent()) {
      return new ClaimOutcome.Refused(problem.get());
    }
    if (!preloading()) {
      return new ClaimOutcome.Refused(new Rejection(Rejection.Kind.FAILED_PRECONDITION,
          "this server does not preload members (-l 0): give the node its own key"
              + " (--member-index or --key-file)"));
    }
    return members.claim(nodeName, clockMillis.getAsLong());
  }

  /**
   * Registers a node name for the request's key and instance id, or renews it (a new address is
   * taken). The request's signature must have been checked by the caller.
   *
   * @param source the remote address the request came from, for the per-source cap
   */
  public RegisterOutcome register(RegisterRequest request, String source) {
    Optional<Rejection> problem = RegistrationRules.check(request);
    if (problem.isPresent()) {
      return new RegisterOutcome.Rejected(problem.get());
    }
    long now = clockMillis.getAsLong();
    expire(now);
    String name = request.getNodeName();
    ByteString key = request.getPublicKey();
    Holding held = byName.get(name);
    if (held != null) {
      Optional<Rejection> refused = renewalProblem(held, request, now);
      if (refused.isPresent()) {
        return new RegisterOutcome.Rejected(refused.get());
      }
      held.peer = held.peer.toBuilder().setAddress(request.getAddress()).build();
      held.lastTimestampMs = request.getTimestampMs();
      touch(held, now);
      return registered(held, false);
    }
    Optional<MemberAssignment> member = Optional.empty();
    if (preloading()) {
      // Before the key check: with preloading a key held under another name is a member bound
      // to it, which the member check reports in the terms of claims.
      Optional<Rejection> refused = members.problem(name, key);
      if (refused.isPresent()) {
        return new RegisterOutcome.Rejected(refused.get());
      }
      member = Optional.of(members.memberOf(key));
    }
    Holding keyHolder = byKey.get(key);
    if (keyHolder != null) {
      return new RegisterOutcome.Rejected(Rejection.taken("public_key " + shortHex(key)
          + " is registered as node_name '" + keyHolder.peer.getNodeName() + "' by another process"
          + remaining(keyHolder, now) + "; one key runs in one process under one name"));
    }
    if (byName.size() >= maxNames) {
      return new RegisterOutcome.Rejected(Rejection.exhausted("the registry holds its maximum of "
          + maxNames + " live node names (--max-names); retry when leases end"));
    }
    Optional<Rejection> full = sourceFull(source);
    if (full.isPresent()) {
      return new RegisterOutcome.Rejected(full.get());
    }
    member.ifPresent(m -> members.bind(name, m));
    Holding fresh = new Holding(newNodeId(), key, request.getInstanceId(), randomBytes(LEASE_TOKEN_BYTES),
        source, member, ++registrations);
    fresh.peer = PeerInfo.newBuilder().setNodeId(fresh.nodeId).setPublicKey(key)
        .setAddress(request.getAddress()).setNodeName(name).build();
    fresh.lastTimestampMs = request.getTimestampMs();
    byName.put(name, fresh);
    byNodeId.put(fresh.nodeId, fresh);
    byKey.put(key, fresh);
    heldBySource.merge(source, 1, Integer::sum);
    fresh.slot = sampleable.size();
    sampleable.add(fresh);
    touch(fresh, now);
    return registered(fresh, true);
  }

  /** Renews a live node's lease; false when the node is unknown, lapsed, or the token is wrong. */
  public boolean heartbeat(String nodeId, ByteString leaseToken) {
    long now = clockMillis.getAsLong();
    expire(now);
    Holding held = byNodeId.get(nodeId);
    if (held == null || !MessageDigest.isEqual(held.leaseToken.toByteArray(), leaseToken.toByteArray())) {
      return false;
    }
    touch(held, now);
    return true;
  }

  /** A fresh sample of live peers for a live node; empty when the node is not live. */
  public Optional<List<PeerInfo>> listPeers(String nodeId) {
    expire(clockMillis.getAsLong());
    Holding held = byNodeId.get(nodeId);
    return held == null ? Optional.empty() : Optional.of(sampleExcluding(held));
  }

  /**
   * How many node names count towards M: with preloading, the names bound to members (a bound
   * name stays bound); otherwise the names holding a live lease.
   */
  public int registeredCount() {
    return preloading() ? members.boundCount() : liveCount();
  }

  /** How many node names hold a live lease now. */
  public int liveCount() {
    expire(clockMillis.getAsLong());
    return byName.size();
  }

  private Optional<Rejection> renewalProblem(Holding held, RegisterRequest request, long now) {
    String name = request.getNodeName();
    if (!held.key.equals(request.getPublicKey())) {
      return Optional.of(Rejection.taken("node_name '" + name + "' is held by another key ("
          + shortHex(held.key) + ")" + remaining(held, now)
          + "; choose another name, or wait until the lease ends"));
    }
    if (!held.instanceId.equals(request.getInstanceId())) {
      return Optional.of(Rejection.taken("node_name '" + name + "' is held by another process with"
          + " the same key (instance " + shortHex(held.instanceId) + ")" + remaining(held, now)
          + "; two processes must never run as one key (they would sign twice)"));
    }
    if (request.getTimestampMs() <= held.lastTimestampMs) {
      return Optional.of(new Rejection(Rejection.Kind.UNAUTHENTICATED, "timestamp_ms "
          + request.getTimestampMs() + " is not newer than the last registration accepted for '"
          + name + "' (" + held.lastTimestampMs + "): a replayed request"));
    }
    return Optional.empty();
  }

  private Optional<Rejection> sourceFull(String source) {
    if (heldBySource.getOrDefault(source, 0) >= maxNamesPerSource) {
      return Optional.of(Rejection.exhausted("source " + source + " holds its maximum of "
          + maxNamesPerSource + " live node names (--max-names-per-source)"));
    }
    return Optional.empty();
  }

  private RegisterOutcome.Registered registered(Holding held, boolean firstTime) {
    return new RegisterOutcome.Registered(held.peer, held.member, sampleExcluding(held),
        registeredCount(), firstTime, held.leaseToken, held.order);
  }

  private void touch(Holding held, long now) {
    held.expiresAtMillis = now + leaseMillis;
    byExpiry.remove(held.nodeId);
    byExpiry.put(held.nodeId, held);
  }

  private void release(String source) {
    heldBySource.computeIfPresent(source, (s, n) -> n == 1 ? null : n - 1);
  }

  private void expire(long now) {
    Iterator<Holding> holdings = byExpiry.values().iterator();
    while (holdings.hasNext()) {
      Holding held = holdings.next();
      // Exactly at the lease the node is still in; one millisecond later it is out.
      if (now <= held.expiresAtMillis) {
        break;
      }
      holdings.remove();
      byName.remove(held.peer.getNodeName());
      byNodeId.remove(held.nodeId);
      byKey.remove(held.key);
      release(held.source);
      Holding last = sampleable.remove(sampleable.size() - 1);
      if (last != held) {
        sampleable.set(held.slot, last);
        last.slot = held.slot;
      }
    }
  }

  private List<PeerInfo> sampleExcluding(Holding self) {
    int others = sampleable.size() - 1;
    int size = Math.min(sampleSize, others);
    List<PeerInfo> sample = new ArrayList<>(size);
    if (size == others || size * 2 >= others) {
      List<Holding> candidates = new ArrayList<>(others);
      for (Holding h : sampleable) {
        if (h != self) {
          candidates.add(h);
        }
      }
      // Partial Fisher-Yates: the first `size` slots become a uniform sample without replacement.
      for (int i = 0; i < size && size < others; i++) {
        int j = i + random.nextInt(candidates.size() - i);
        Holding swap = candidates.get(i);
        candidates.set(i, candidates.get(j));
        candidates.set(j, swap);
      }
      candidates.subList(0, size).forEach(h -> sample.add(h.peer));
      return sample;
    }
    // Few of many: draw slots until enough distinct others, in O(size) rather than O(registry).
    Set<Integer> slots = new LinkedHashSet<>();
    while (slots.size() < size) {
      int slot = random.nextInt(sampleable.size());
      if (slot != self.slot) {
        slots.add(slot);
      }
    }
    slots.forEach(slot -> sample.add(sampleable.get(slot).peer));
    return sample;
  }

  private String remaining(Holding held, long now) {
    long seconds = Math.max(0, (held.expiresAtMillis - now + 999) / 1000);
    return " until its lease ends in " + seconds + " s";
  }

  private static String shortHex(ByteString bytes) {
    return HexFormat.of().formatHex(bytes.substring(0, Math.min(8, bytes.size())).toByteArray()) + "...";
  }

  private ByteString randomBytes(int count) {
    byte[] bytes = new byte[count];
    random.nextBytes(bytes);
    return ByteString.copyFrom(bytes);
  }

  private String newNodeId() {
    String id;
    do {
      id = HexFormat.of().formatHex(randomBytes(NODE_ID_BYTES).toByteArray());
    } while (byNodeId.containsKey(id));
    return id;
  }
}
