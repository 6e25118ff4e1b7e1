package org.lpos.lab.attack;

import java.time.Duration;

/**
 * One adversary of issue 14's attack suite, run as a real client against real nodes: it opens
 * its own connections to the nodes of an {@link AttackTarget}, keeps up its attack for the given
 * duration (or until interrupted), closes everything it opened and says what it did. Whether the
 * nodes survived is measured outside, by whoever watches them (the {@code *AttackIT} tests, or an
 * operator's dashboards): an attack only reports its own side.
 */
public interface Attack {
  /** The name on the command line ({@code ./lpos attack NAME}). */
  String name();

  /** One line: what the attacker sends and what a sound node must do with it. */
  String description();

  /**
   * Attacks {@code target}: prepares (builds its junk, opens its connections, sends what it sends
   * once), calls {@code inEffect} when the attack is fully under way, and keeps it up for
   * {@code duration} from then. All junk and keys come from {@code seed}. Returns early, with what
   * it did so far, when its thread is interrupted.
   */
  AttackReport run(AttackTarget target, Duration duration, long seed, Runnable inEffect) throws InterruptedException;
}
