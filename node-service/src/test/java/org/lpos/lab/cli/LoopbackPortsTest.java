package org.lpos.lab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ports for launched processes: each once, free, and outside the kernel's ephemeral range. */
class LoopbackPortsTest {

  @Test
  void portsAreDistinctAndBelowTheEphemeralRange() throws IOException {
    LoopbackPorts ports = new LoopbackPorts();
    int ephemeralStart = LoopbackPorts.ephemeralStart(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      int p = ports.next();
      assertTrue(seen.add(p), "port " + p + " handed out twice");
      assertTrue(p >= LoopbackPorts.LOWEST && p < ephemeralStart,
          "port " + p + " outside [" + LoopbackPorts.LOWEST + ", " + ephemeralStart + ")");
    }
  }

  @Test
  void aPortIsHandedOutOnceAndNeverWhileSomeoneListensOnIt() throws IOException {
    int p = new LoopbackPorts().next();
    LoopbackPorts one = new LoopbackPorts(p, p + 1);
    assertEquals(p, one.next());
    assertThrows(IOException.class, one::next, "the only port of the range was handed out already");
    try (ServerSocket taken = new ServerSocket(p, 1, InetAddress.getLoopbackAddress())) {
      assertThrows(IOException.class, new LoopbackPorts(p, p + 1)::next, "the port is in use");
    }
  }

  @Test
  void theEphemeralRangeIsReadFromItsFileWithLinuxDefaultsOtherwise(@TempDir Path dir) throws IOException {
    Path range = dir.resolve("ip_local_port_range");
    Files.writeString(range, "40000\t60999\n");
    assertEquals(40_000, LoopbackPorts.ephemeralStart(range));
    Files.writeString(range, "1024 65535\n");
    assertEquals(32_768, LoopbackPorts.ephemeralStart(range), "too little room below: the default");
    Files.writeString(range, "junk");
    assertEquals(32_768, LoopbackPorts.ephemeralStart(range));
    assertEquals(32_768, LoopbackPorts.ephemeralStart(dir.resolve("missing")));
  }
}
