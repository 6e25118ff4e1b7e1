package org.lpos.lab.netem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LinkProfileTest {
  @Test
  void readsTheNetemTermsOfTheIssue() {
    LinkProfile p = LinkProfile.parse("delay=50ms jitter=10ms loss=1% rate=100mbit");
    assertEquals(new LinkProfile(50, 10, 1.0, 100_000_000), p);
    assertEquals(p, LinkProfile.parse(p.describe()));
    assertEquals(new LinkProfile(1_500, 0, 0.5, 0), LinkProfile.parse("delay=1.5s,loss=0.5%"));
    assertTrue(LinkProfile.parse("delay=0ms").isLoopback());
    assertEquals("none", LinkProfile.LOOPBACK.describe());
  }

  @Test
  void refusesWhatNoLinkDoesWithAMessageNamingTheTerm() {
    String[] bad = {"", "   ", "delay=50", "delay=50ms jitter=60ms", "loss=100%", "loss=1", "rate=5bit",
        "rate=1kbit", "speed=1mbit", "delay=-5ms", "delay=61s", "delay=50ms;rm", "x".repeat(300)};
    for (String spec : bad) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LinkProfile.parse(spec), spec);
      assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), spec);
    }
    assertTrue(assertThrows(IllegalArgumentException.class, () -> LinkProfile.parse("speed=1mbit")).getMessage()
        .contains("speed"));
  }

  @Test
  void aLostSegmentCostsAtLeastLinuxsMinimumRetransmissionTimeout() {
    assertEquals(200, LinkProfile.parse("delay=5ms loss=1%").retransmissionTimeoutMs());
    assertEquals(240, LinkProfile.parse("delay=100ms jitter=20ms loss=1%").retransmissionTimeoutMs());
  }
}
