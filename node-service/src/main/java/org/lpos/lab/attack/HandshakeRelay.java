package org.lpos.lab.attack;

import java.time.Duration;
import org.lpos.node.net.ClientTls;

/**
 * {@link HandshakeRelayAttack} in the suite: the relay is tried on every ordered pair of the
 * target's nodes (it needs two), each try once; the report counts the pairs where a node took
 * the attacker for its peer as {@code refused = 0} and says so in its details.
 */
final class HandshakeRelay implements Attack {
  private static final long TRY_TIMEOUT_MS = 10_000;

  @Override
  public String name() {
    return "handshake-relay";
  }

  @Override
  public String description() {
    return "relays one node's handshake challenge to another to pass as it; every node must refuse the proof";
  }

  @Override
  public AttackReport run(AttackTarget target, Duration duration, long seed, Runnable inEffect)
      throws InterruptedException {
    if (target.nodes().size() < 2) {
      throw new IllegalArgumentException("handshake-relay needs two --node addresses");
    }
    inEffect.run();
    long started = System.nanoTime();
    ClientTls tls = target.tls() ? ClientTls.acceptingAnyServer() : ClientTls.off();
    long tries = 0;
    long refused = 0;
    StringBuilder impersonated = new StringBuilder();
    for (String a : target.nodes()) {
      for (String b : target.nodes()) {
        if (a.equals(b)) {
          continue;
        }
        HandshakeRelayAttack.Outcome outcome = HandshakeRelayAttack.run(a, b, tls, TRY_TIMEOUT_MS);
        tries++;
        if (outcome.verdict() == HandshakeRelayAttack.Verdict.REFUSED) {
          refused++;
        } else {
          impersonated.append(' ').append(a).append("<-").append(b).append(':').append(outcome.verdict());
        }
      }
    }
    return new AttackReport(name(), Duration.ofNanos(System.nanoTime() - started), 2 * tries, 0, 2 * tries, refused,
        "pairs=" + tries + " refused=" + refused + (impersonated.length() == 0 ? "" : " not_refused=" + impersonated));
  }
}
