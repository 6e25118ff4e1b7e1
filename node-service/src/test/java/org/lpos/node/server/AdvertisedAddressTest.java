package org.lpos.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class AdvertisedAddressTest {
  @Test
  void aHostTakesTheBoundPortAndAHostWithAPortKeepsIt() {
    assertEquals("127.0.0.1:7001", AdvertisedAddress.parse("127.0.0.1").address(7001));
    assertEquals("127.0.0.1:9100", AdvertisedAddress.parse("127.0.0.1:9100").address(7001));
    assertEquals("node-0.lpos:7001", AdvertisedAddress.parse("node-0.lpos").address(7001));
    assertEquals("[::1]:7001", AdvertisedAddress.parse("[::1]").address(7001));
    assertEquals(new AdvertisedAddress("[::1]", OptionalInt.of(8000)), AdvertisedAddress.parse("[::1]:8000"));
  }

  @Test
  void refusesWhatPeersCouldNotDial() {
    for (String bad : new String[] {"", ":7001", "host:", "host:0", "host:70000", "::1", "a b", "host:7001:1",
        "[::1", "x".repeat(300)}) {
      assertThrows(IllegalArgumentException.class, () -> AdvertisedAddress.parse(bad), bad);
    }
  }
}
