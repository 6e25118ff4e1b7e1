package org.lpos.lab.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.lpos.lab.netem.LinkProfile;

/** The simulator's link models: its own default, unchanged, and the relays' netem profile. */
class SimulatedLinksTest {
  private static final long SEED = 17;

  @Test
  void theDefaultDrawsExactlyAsBeforeSoRecordedSeedsReplayTheSameRuns() {
    SimulatedLinks.LinkClock clock = SimulatedLinks.DEFAULT.clock();
    SplittableRandom random = new SplittableRandom(SEED);
    SplittableRandom before = new SplittableRandom(SEED);
    for (int i = 0; i < 1_000; i++) {
      long expected = 500 + 10 + Math.round(-20 * Math.log(1 - before.nextDouble()));
      assertEquals(expected, clock.deliveryMs(i % 4, (i + 1) % 4, 100 * i, 500, random), "draw " + i);
    }
  }

  @Test
  void aNetemLinkDelaysByDelayPlusOrMinusJitter() {
    SimulatedLinks.LinkClock clock = new SimulatedLinks.Netem(LinkProfile.parse("delay=50ms jitter=10ms")).clock();
    SplittableRandom random = new SplittableRandom(SEED);
    long least = Long.MAX_VALUE;
    long most = 0;
    for (int i = 0; i < 1_000; i++) {
      long delay = clock.deliveryMs(i, i + 1, 200, 1_000, random) - 1_000;
      least = Math.min(least, delay);
      most = Math.max(most, delay);
    }
    assertEquals(40, least, "uniform in 40..60 ms: 1,000 draws on fresh links reach the bottom");
    assertEquals(60, most, "and the top");
  }

  @Test
  void aNetemLinkDeliversInOrderAsATcpStreamDoes() {
    SimulatedLinks.LinkClock clock = new SimulatedLinks.Netem(LinkProfile.parse("delay=50ms jitter=10ms")).clock();
    SplittableRandom random = new SplittableRandom(SEED);
    long previous = 0;
    boolean someWaited = false;
    for (int i = 0; i < 100; i++) {
      long at = clock.deliveryMs(0, 1, 200, 1_000, random);
      assertTrue(at >= previous, "message " + i + " overtook the one before it on the same link");
      someWaited |= at == previous;
      previous = at;
    }
    assertTrue(someWaited, "a message drawn shorter than the one before it waits for it");
    assertTrue(clock.deliveryMs(1, 0, 200, 1_000, random) <= 1_060, "order is per directed link, not across links");
  }

  @Test
  void aLostSegmentHoldsTheMessageOneRetransmissionTimeout() {
    LinkProfile lossy = LinkProfile.parse("delay=50ms loss=99.99%");
    SimulatedLinks.LinkClock clock = new SimulatedLinks.Netem(lossy).clock();
    assertEquals(200, lossy.retransmissionTimeoutMs(), "Linux's minimum beats 2 x 50 ms");
    assertEquals(1_000 + 50 + 200, clock.deliveryMs(2, 3, 10, 1_000, new SplittableRandom(SEED)));
  }

  @Test
  void aMessageOfMoreSegmentsIsHeldMoreOften() {
    SimulatedLinks.Netem links = new SimulatedLinks.Netem(LinkProfile.parse("delay=50ms loss=1%"));
    assertTrue(held(links, 100) < held(links, 20 * LinkProfile.SEGMENT_BYTES) / 5,
        "1% per segment: a 20-segment message is held about 18 times as often");
  }

  @Test
  void aRateIsRefusedSinceTheSimulatorHasNoBandwidth() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SimulatedLinks.Netem(LinkProfile.parse("delay=50ms rate=100mbit")));
    assertTrue(e.getMessage().contains("rate is not simulated"), e.getMessage());
  }

  /** How many of 10,000 messages of {@code bytes}, each on its own link, arrive late. */
  private static int held(SimulatedLinks.Netem links, int bytes) {
    SimulatedLinks.LinkClock clock = links.clock();
    SplittableRandom random = new SplittableRandom(SEED);
    int held = 0;
    for (int i = 0; i < 10_000; i++) {
      held += clock.deliveryMs(i, i + 1, bytes, 0, random) > 50 ? 1 : 0;
    }
    return held;
  }
}
