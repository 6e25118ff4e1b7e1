package org.lpos.lab.attack;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Every attack of the suite, by name, in the order of issue 14's list, then the handshake relay
 * and the discovery name flood.
 */
public final class AttackCatalog {
  private static final List<Attack> ALL = List.of(
      new TransactionFloodAttack(),
      new UnreadBlockRequestsAttack(),
      new OversizedFrameAttack(),
      new HugeHelloAttack(),
      new NextHeightJunkAttack(),
      new TicketFloodAttack(),
      new BadBlockGossipAttack(),
      new UnreadWatchersAttack(),
      new BalanceStormAttack(),
      new HandshakeRelay(),
      new DiscoveryFlood());

  private AttackCatalog() {}

  /** Every attack. */
  public static List<Attack> all() {
    return ALL;
  }

  /** The attack called {@code name}. */
  public static Optional<Attack> named(String name) {
    return ALL.stream().filter(a -> a.name().equals(name)).findFirst();
  }

  /** The names, for picocli's completion candidates (and so for {@code --help}). */
  public static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      List<String> names = new ArrayList<>();
      ALL.forEach(a -> names.add(a.name()));
      return names.iterator();
    }
  }
}
