package org.lpos.discovery;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.lpos.proto.v1.MemberKey;
import org.lpos.proto.v1.PeerInfo;

/**
 * The discovery service's state: which node names have registered, which of them hold a live
 * lease, and which preloaded member each name runs as.
 *
 * <p>It is a pure state machine: time comes from an injected millisecond clock and randomness
 * (node ids, peer samples) from an injected generator, and it starts no threads, so a test can
 * replay any sequence exactly. It is not thread-safe; the caller confines it or synchronizes.
 *
 * <p>A node name, once registered, keeps its node id and its member for the life of the server,
 * even after its lease lapses: PROTOCOL.md §9 promises the same name the same member across
 * re-registrations, and a restarted node must not take a second member.
 */
public final class Registry {
  private static final int NODE_ID_BYTES = 16;

  private final int fanOut;
  private final long leaseMillis;
  private final List<MemberKey> preloaded;
  private final LongSupplier clockMillis;
  private final RandomGenerator random;

  private final Map<String, Identity> byName = new HashMap<>();
  private final Set<String> nodeIds = new HashSet<>();
  // Insertion-ordered so that a sample depends only on the seed and the history, not on hashing.
  private final Map<String, Lease> live = new LinkedHashMap<>();
  private int nextMember;

  private record Identity(String nodeId, Optional<MemberKey> member) {}

  private record Lease(PeerInfo peer, long expiresAtMillis) {}

  /**
   * Creates an empty registry.
   *
   * @param fanOut how many peers a sample holds; 0 means all live peers
   * @param leaseMillis how long a registration or heartbeat keeps a node in samples
   * @param preloaded the members handed out to new node names in order; empty to not preload
   * @param clockMillis a monotonic millisecond clock
   * @param random the source of node ids and samples
   */
  public Registry(
      int fanOut, long leaseMillis, List<MemberKey> preloaded, LongSupplier clockMillis,
      RandomGenerator random) {
    if (fanOut < 0 || leaseMillis <= 0) {
      throw new IllegalArgumentException("fanOut must be >= 0 and leaseMillis > 0");
    }
    this.fanOut = fanOut;
    this.leaseMillis = leaseMillis;
    this.preloaded = List.copyOf(preloaded);
    this.clockMillis = clockMillis;
    this.random = random;
  }

  /** Whether new node names are assigned preloaded members (and need not bring a key). */
  public boolean preloading() {
    return !preloaded.isEmpty();
  }

  /**
   * Registers a node name, or renews it with a new address (and key, when not preloading).
   *
   * <p>When preloading, the node's public key is its member's, whatever the request carried:
   * the member's secret key is what the node will sign with.
   */
  public RegisterOutcome register(ByteString publicKey, String address, String nodeName) {
    Optional<Rejection> problem =
        RegistrationRules.check(publicKey, address, nodeName, !preloading());
    if (problem.isPresent()) {
      return new RegisterOutcome.Rejected(problem.get());
    }
    expire();
    Identity identity = byName.get(nodeName);
    boolean firstTime = identity == null;
    if (firstTime) {
      if (preloading() && nextMember == preloaded.size()) {
        return new RegisterOutcome.Rejected(new Rejection(
            Rejection.Kind.RESOURCE_EXHAUSTED,
            "all " + preloaded.size() + " preloaded members (-l " + preloaded.size()
                + ") are taken; node_name '" + nodeName + "' cannot get one"));
      }
      Optional<MemberKey> member =
          preloading() ? Optional.of(preloaded.get(nextMember++)) : Optional.empty();
      identity = new Identity(newNodeId(), member);
      byName.put(nodeName, identity);
    }
    PeerInfo self = PeerInfo.newBuilder()
        .setNodeId(identity.nodeId())
        .setPublicKey(identity.member().map(MemberKey::getPublicKey).orElse(publicKey))
        .setAddress(address)
        .setNodeName(nodeName)
        .build();
    live.put(identity.nodeId(), new Lease(self, clockMillis.getAsLong() + leaseMillis));
    return new RegisterOutcome.Registered(
        self, identity.member(), sampleExcluding(identity.nodeId()), byName.size(), firstTime);
  }

  /** Renews a live node's lease; false when the node is unknown or its lease has lapsed. */
  public boolean heartbeat(String nodeId) {
    expire();
    Lease lease = live.get(nodeId);
    if (lease == null) {
      return false;
    }
    live.put(nodeId, new Lease(lease.peer(), clockMillis.getAsLong() + leaseMillis));
    return true;
  }

  /** A fresh sample of live peers for a live node; empty when the node is not live. */
  public Optional<List<PeerInfo>> listPeers(String nodeId) {
    expire();
    if (!live.containsKey(nodeId)) {
      return Optional.empty();
    }
    return Optional.of(sampleExcluding(nodeId));
  }

  /** How many distinct node names have ever registered (what the instruction waits for). */
  public int registeredCount() {
    return byName.size();
  }

  /** How many nodes hold a live lease now. */
  public int liveCount() {
    expire();
    return live.size();
  }

  private List<PeerInfo> sampleExcluding(String nodeId) {
    List<PeerInfo> candidates = new ArrayList<>(live.size());
    for (Lease lease : live.values()) {
      if (!lease.peer().getNodeId().equals(nodeId)) {
        candidates.add(lease.peer());
      }
    }
    if (fanOut == 0 || fanOut >= candidates.size()) {
      return candidates;
    }
    // Partial Fisher-Yates: the first fanOut slots become a uniform sample without replacement.
    for (int i = 0; i < fanOut; i++) {
      int j = i + random.nextInt(candidates.size() - i);
      PeerInfo swap = candidates.get(i);
      candidates.set(i, candidates.get(j));
      candidates.set(j, swap);
    }
    return new ArrayList<>(candidates.subList(0, fanOut));
  }

  private void expire() {
    long now = clockMillis.getAsLong();
    live.values().removeIf(lease -> now > lease.expiresAtMillis());
  }

  private String newNodeId() {
    byte[] bytes = new byte[NODE_ID_BYTES];
    String id;
    do {
      random.nextBytes(bytes);
      id = HexFormat.of().formatHex(bytes);
    } while (!nodeIds.add(id));
    return id;
  }
}
