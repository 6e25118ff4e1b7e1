package org.lpos.lab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The progress line: runs done of the total and a time left that learns from finished runs. */
class ProgressBarTest {
  @Test
  void beforeTheFirstRunTheTimeLeftIsThePlan() {
    ProgressBar bar = new ProgressBar(4, 60_000);

    assertEquals(240_000, bar.leftMs(0));
    assertEquals(230_000, bar.leftMs(10_000));
    assertEquals("[--------------------] 0/4 runs, 3m50s left | run 1", bar.line(10_000, "run 1"));
  }

  @Test
  void finishedRunsReplaceThePlanWithTheirMeanLength() {
    ProgressBar bar = new ProgressBar(4, 60_000);
    bar.finished(80_000);
    bar.finished(100_000);

    assertEquals(2, bar.done());
    assertEquals(90_000 + 90_000, bar.leftMs(0));
    assertEquals(90_000, bar.leftMs(95_000));
    assertEquals("[##########----------] 2/4 runs, 3m00s left", bar.line(0, ""));
  }

  @Test
  void aFinishedSeriesHasNothingLeft() {
    ProgressBar bar = new ProgressBar(1, 1_000);
    bar.finished(5_000);
    bar.finished(5_000);

    assertEquals(1, bar.done());
    assertEquals(0, bar.leftMs(0));
    assertEquals("[####################] 1/1 runs, 0s left", bar.line(0, ""));
  }

  @Test
  void durationsAreShort() {
    assertEquals("9s", ProgressBar.duration(8_100));
    assertEquals("2m05s", ProgressBar.duration(125_000));
    assertEquals("1h02m", ProgressBar.duration(3_720_000));
  }

  @Test
  void anEmptySeriesIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new ProgressBar(0, 1_000));
  }
}
