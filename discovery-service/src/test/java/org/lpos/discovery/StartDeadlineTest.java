package org.lpos.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class StartDeadlineTest {
  private static final long DEADLINE_MS = 120_000;

  @Test
  void nothingIsLateBeforeTheFirstRegistration() {
    StartDeadline deadline = new StartDeadline(4, DEADLINE_MS);
    assertEquals(Optional.empty(), deadline.missed(0, 10 * DEADLINE_MS));
  }

  @Test
  void missedWhenMHaveNotRegisteredWithinTheDeadlineOfTheFirst() {
    StartDeadline deadline = new StartDeadline(4, DEADLINE_MS);
    deadline.onRegistered(1, 5_000);
    deadline.onRegistered(3, 60_000);
    assertEquals(Optional.empty(), deadline.missed(3, 5_000 + DEADLINE_MS - 1));
    assertEquals(Optional.of("only 3 of 4 expected nodes (-m) registered within 120 s of the first"
        + " (--start-deadline-seconds); giving up the experiment"),
        deadline.missed(3, 5_000 + DEADLINE_MS));
  }

  @Test
  void metOnceMRegisteredEvenIfNodesLeaveLater() {
    StartDeadline deadline = new StartDeadline(2, DEADLINE_MS);
    deadline.onRegistered(1, 0);
    deadline.onRegistered(2, DEADLINE_MS - 1);
    assertEquals(Optional.empty(), deadline.missed(1, 10 * DEADLINE_MS));
  }

  @Test
  void refusesNonsense() {
    assertThrows(IllegalArgumentException.class, () -> new StartDeadline(0, DEADLINE_MS));
    assertThrows(IllegalArgumentException.class, () -> new StartDeadline(1, 0));
  }
}
