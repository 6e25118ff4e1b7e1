package org.lpos.lab.attack;

import java.time.Duration;
import java.util.Optional;
import org.lpos.node.net.ClientTls;

/**
 * {@link DiscoveryNameFlood} in the suite: aimed at a discovery service ({@code --node} is its
 * address), it registers junk names for the duration (at most 100,000) and tries to take over
 * the live name {@code node-0}.
 */
final class DiscoveryFlood implements Attack {
  private static final int JUNK_NAMES = 100_000;
  private static final String VICTIM = "node-0";

  @Override
  public String name() {
    return "discovery-name-flood";
  }

  @Override
  public String description() {
    return "registers 100,000 junk names and re-registers node-0 at a discovery service (--node DISCOVERY)";
  }

  @Override
  public AttackReport run(AttackTarget target, Duration duration, long seed, Runnable inEffect)
      throws InterruptedException {
    inEffect.run();
    long started = System.nanoTime();
    DiscoveryNameFlood.Report report = new DiscoveryNameFlood(new DiscoveryNameFlood.Config(target.nodes().get(0),
        JUNK_NAMES, VICTIM, Optional.empty(), duration,
        target.tls() ? ClientTls.acceptingAnyServer() : ClientTls.off())).run();
    long refused = report.refusals().values().stream().mapToLong(Long::longValue).sum();
    return new AttackReport(name(), Duration.ofNanos(System.nanoTime() - started), report.junkSent(), 0,
        report.junkSent(), refused, report.summary());
  }
}
