package org.lpos.discovery;

import com.google.protobuf.ByteString;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lpos.proto.v1.MemberAssignment;

/**
 * With {@code -l L}: which node name runs as which of the first L members, handed out in the
 * order nodes connect, as the original discovery did, and kept per name.
 *
 * <p>A node's first {@link #claim} is its connection: it is offered the lowest member that is
 * neither bound nor offered to another name, and the same name is offered the same member until
 * the offer lapses, so nodes that start together get members 0, 1, 2... in the order they asked,
 * instead of all racing for the lowest one. An offer reserves nothing: another name may still
 * register with that member's key and bind it, and when every free member is on offer (a flood of
 * junk claims) a claim gets the lowest unbound member, the first name to register wins and the
 * others claim again. The signed registration binds a name to its member for the life of the
 * server; the name keeps it across leases and restarts. Holds public keys only. Not thread-safe.
 */
final class MemberBindings {
  private final List<MemberAssignment> preloaded;
  private final long offerMillis;
  private final Map<ByteString, Integer> memberByKey = new HashMap<>();
  private final Map<String, Integer> boundByName = new HashMap<>();
  private final Map<Integer, String> boundByMember = new HashMap<>();
  // At most one live offer per member, so both maps hold at most L entries.
  private final String[] offeredTo;
  private final long[] offerExpiresAtMillis;
  private final Map<String, Integer> offerByName = new HashMap<>();

  /**
   * @param preloaded the members, in the order they are handed out; empty to not preload
   * @param offerMillis how long a claim's offer holds a member for its name
   */
  MemberBindings(List<MemberAssignment> preloaded, long offerMillis) {
    this.preloaded = List.copyOf(preloaded);
    this.offerMillis = offerMillis;
    this.offeredTo = new String[this.preloaded.size()];
    this.offerExpiresAtMillis = new long[this.preloaded.size()];
    for (int i = 0; i < this.preloaded.size(); i++) {
      memberByKey.putIfAbsent(this.preloaded.get(i).getPublicKey(), i);
    }
  }

  boolean preloading() {
    return !preloaded.isEmpty();
  }

  /** How many names are bound to members. */
  int boundCount() {
    return boundByName.size();
  }

  /**
   * The member {@code nodeName} runs as: its bound member, else its live offer, else a new offer
   * of the lowest member neither bound nor offered, else (all free members on offer) the lowest
   * unbound one; exhausted when every member is bound.
   */
  ClaimOutcome claim(String nodeName, long nowMillis) {
    Integer bound = boundByName.get(nodeName);
    if (bound != null) {
      return new ClaimOutcome.Claimed(preloaded.get(bound));
    }
    Integer offered = offerByName.get(nodeName);
    if (offered != null && offerExpiresAtMillis[offered] >= nowMillis) {
      return new ClaimOutcome.Claimed(preloaded.get(offered));
    }
    int lowestUnbound = -1;
    for (int i = 0; i < preloaded.size(); i++) {
      if (boundByMember.containsKey(i)) {
        continue;
      }
      if (lowestUnbound < 0) {
        lowestUnbound = i;
      }
      if (offeredTo[i] == null || offerExpiresAtMillis[i] < nowMillis) {
        offer(i, nodeName, nowMillis);
        return new ClaimOutcome.Claimed(preloaded.get(i));
      }
    }
    if (lowestUnbound >= 0) {
      return new ClaimOutcome.Claimed(preloaded.get(lowestUnbound));
    }
    return new ClaimOutcome.Refused(Rejection.exhausted("all " + preloaded.size()
        + " preloaded members (-l " + preloaded.size() + ") are taken; node_name '" + nodeName
        + "' cannot get one"));
  }

  /** Why {@code name} may not register with {@code key}, if it may not. */
  Optional<Rejection> problem(String name, ByteString key) {
    Integer keyMember = memberByKey.get(key);
    Integer bound = boundByName.get(name);
    if (keyMember == null) {
      return Optional.of(new Rejection(Rejection.Kind.PERMISSION_DENIED, "this server preloads "
          + preloaded.size() + " members (-l) and public_key " + shortHex(key)
          + " is none of them; call ClaimMember and register with that member's key"));
    }
    if (bound != null && !bound.equals(keyMember)) {
      return Optional.of(new Rejection(Rejection.Kind.PERMISSION_DENIED, "node_name '" + name
          + "' runs as member " + bound + ", not member " + keyMember
          + "; register with member " + bound + "'s key"));
    }
    String owner = boundByMember.get(keyMember);
    if (bound == null && owner != null) {
      return Optional.of(new Rejection(Rejection.Kind.ABORTED, "member " + keyMember
          + " runs as node_name '" + owner + "'; one member runs under one name"
          + " (a node that claimed it too claims again)"));
    }
    return Optional.empty();
  }

  /** The member whose key is {@code key}; the caller checked {@link #problem} first. */
  MemberAssignment memberOf(ByteString key) {
    return preloaded.get(memberByKey.get(key));
  }

  /** Binds {@code name} to {@code member} for good; the member's offer, if any, ends. */
  void bind(String name, MemberAssignment member) {
    int index = member.getIndex();
    boundByName.put(name, index);
    boundByMember.put(index, name);
    withdraw(index);
    Integer offered = offerByName.get(name);
    if (offered != null) {
      withdraw(offered);
    }
  }

  private void offer(int member, String name, long nowMillis) {
    Integer previous = offerByName.get(name);
    if (previous != null) {
      withdraw(previous);
    }
    withdraw(member);
    offeredTo[member] = name;
    offerExpiresAtMillis[member] = nowMillis + offerMillis;
    offerByName.put(name, member);
  }

  private void withdraw(int member) {
    String name = offeredTo[member];
    if (name != null) {
      offerByName.remove(name);
      offeredTo[member] = null;
    }
  }

  private static String shortHex(ByteString bytes) {
    return HexFormat.of().formatHex(bytes.substring(0, Math.min(8, bytes.size())).toByteArray()) + "...";
  }
}
