package org.lpos.node.consensus;

import com.google.protobuf.ByteString;
import java.util.EnumSet;
import java.util.Set;
import org.lpos.chain.ledger.Reason;
import org.lpos.chain.ledger.Rejection;

/**
 * An input refused for a fault of the peer that sent it, charged to that peer (PROTOCOL §8,
 * "Penalties"): the peer is the one the message came from, also when the core looks at it later
 * (a next-height message replayed on entering that height, a fetched block applied once the
 * blocks below it arrived), never the peer whose message happened to trigger that step.
 *
 * @param peer the public key of the peer that sent the refused input
 * @param rejection why it was refused
 */
public record Offence(ByteString peer, Rejection rejection) {
  /**
   * Reasons an honest peer can cause: a transaction it relayed was spent, locked or already known
   * by the time it arrived, or the pool was full. Every other refusal of a peer's input (a bad
   * signature, a malformed or invalid signed object) is the sender's fault.
   */
  private static final Set<Reason> HONEST_RACES = EnumSet.of(Reason.MISSING_INPUT, Reason.SPENT_INPUT,
      Reason.INPUT_LOCKED, Reason.POOL_FULL, Reason.DUPLICATE_TRANSACTION);

  /** Whether refusing an input for {@code reason} blames the peer that sent it. */
  public static boolean blamesSender(Reason reason) {
    return !HONEST_RACES.contains(reason);
  }
}
