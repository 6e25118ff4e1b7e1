package org.lpos.lab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** CPU time and peak memory from /proc: fields counted after the command name, VmHWM in KiB. */
class ProcessUsageTest {
  @Test
  void cpuIsUserPlusSystemTimeCountedAfterTheLastParenthesis() {
    String stat = "4242 (java (lpos) x) S 1 4242 4242 0 -1 4194304 5000 0 0 0 250 125 0 0 20 0 30 0 100 0 0";

    assertEquals(3.75, ProcessUsage.cpuSecondsOf(stat));
  }

  @Test
  void peakRssIsVmHwm() {
    String status = "Name:\tjava\nVmPeak:\t 4000000 kB\nVmHWM:\t  262144 kB\nVmRSS:\t  200000 kB\n";

    assertEquals(262_144, ProcessUsage.peakRssKbOf(status));
  }

  @Test
  void malformedFilesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> ProcessUsage.cpuSecondsOf("no name here"));
    assertThrows(IllegalArgumentException.class, () -> ProcessUsage.peakRssKbOf("Name:\tjava\n"));
  }

  @Test
  void aLiveProcessAgreesWithTheJdksCpuTime() {
    assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux /proc");
    long pid = ProcessHandle.current().pid();

    ProcessUsage usage = ProcessUsage.of(pid).orElseThrow();
    double jdk = ProcessHandle.current().info().totalCpuDuration().orElseThrow().toMillis() / 1000.0;

    assertTrue(usage.peakRssKb() > 1_000, "peak RSS " + usage.peakRssKb());
    assertTrue(Math.abs(usage.cpuSeconds() - jdk) < 2, usage.cpuSeconds() + " s vs the JDK's " + jdk + " s");
  }

  @Test
  void aProcessThatDoesNotExistHasNoUsage() {
    assertTrue(ProcessUsage.of(Long.MAX_VALUE).isEmpty());
  }
}
