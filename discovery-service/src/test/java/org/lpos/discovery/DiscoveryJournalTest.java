package org.lpos.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A flood of refused requests leaves a bounded log: the rest are summed, once a minute. */
class DiscoveryJournalTest {
  @TempDir Path dir;

  /** A clock tests move by hand. */
  private static final class SteppedClock extends Clock {
    Instant now = Instant.parse("2026-12-03T06:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void rejectionsBeyondTheMinutesBudgetAreSummedInOneLine() throws Exception {
    SteppedClock clock = new SteppedClock();
    DiscoveryJournal journal = DiscoveryJournal.open(Optional.of(dir), Verbosity.QUIET,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), clock);
    for (int i = 0; i < 10_000; i++) {
      journal.rejected("Register", Rejection.exhausted("junk " + i));
    }
    clock.now = clock.now.plusSeconds(60);
    journal.rejected("Register", Rejection.exhausted("next minute"));
    journal.close();

    List<String> lines = Files.readAllLines(dir.resolve(DiscoveryJournal.LOG_FILE));
    long oneByOne = lines.stream().filter(l -> l.contains("rejected Register RESOURCE_EXHAUSTED")).count();
    assertEquals(DiscoveryJournal.MAX_REJECTIONS_LOGGED_PER_MINUTE + 1, oneByOne);
    assertTrue(lines.stream().anyMatch(l -> l.contains("rejected "
        + (10_000 - DiscoveryJournal.MAX_REJECTIONS_LOGGED_PER_MINUTE) + " more requests in the last minute")),
        String.join("\n", lines));
    assertTrue(lines.size() < 110, "log lines: " + lines.size());
  }
}
