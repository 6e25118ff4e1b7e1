package org.lpos.lab.attack;

import java.time.Duration;
import java.util.Locale;

/**
 * What an attacker did: how long it ran, how many messages and bytes it sent, how many streams
 * or calls it opened and how many of them the nodes closed or refused, and a free-text line of
 * details particular to the attack.
 *
 * @param attack the attack's name
 * @param ran how long it ran
 * @param messages messages (frames or calls) sent
 * @param bytes serialized bytes of those messages
 * @param streams streams or calls opened
 * @param refused streams or calls the nodes closed, refused or failed (by the attacker's count)
 * @param details what else the attack observed
 */
public record AttackReport(String attack, Duration ran, long messages, long bytes, long streams, long refused,
    String details) {

  /** One stable line, {@code key=value} pairs, for logs and docs. */
  public String line() {
    return String.format(Locale.ROOT, "attack=%s ran_s=%.1f sent_messages=%d sent_mib=%.1f streams=%d refused=%d %s",
        attack, ran.toMillis() / 1000.0, messages, bytes / (1024.0 * 1024.0), streams, refused, details);
  }
}
