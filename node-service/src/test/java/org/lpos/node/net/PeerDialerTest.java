package org.lpos.node.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The redial schedule: quick at first, and never so slow that a healed partition waits long. */
class PeerDialerTest {
  @Test
  void theWaitDoublesFromAQuarterSecondAndStaysAtMostTwoSeconds() {
    assertEquals(250, PeerDialer.redialDelayMs(0));
    assertEquals(500, PeerDialer.redialDelayMs(1));
    assertEquals(1_000, PeerDialer.redialDelayMs(2));
    for (int failures = 3; failures < 1_000; failures++) {
      long wait = PeerDialer.redialDelayMs(failures);
      assertTrue(wait == 2_000, failures + " failures: " + wait + " ms");
    }
  }
}
