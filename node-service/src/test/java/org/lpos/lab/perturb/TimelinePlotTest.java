package org.lpos.lab.perturb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

/** The timeline chart: one line per node with gaps, one shaded span per fault. */
class TimelinePlotTest {
  private static final long ZERO = 5_000_000;

  /** Four nodes at one block a second; node-2 silent from 20 s to 30 s, node-1 frozen from 40 s to 48 s. */
  static List<HeightTimeline.Sample> samples() {
    List<HeightTimeline.Sample> samples = new ArrayList<>();
    for (int tenth = 40; tenth <= 800; tenth += 5) {
      double t = tenth / 10.0;
      for (int node = 0; node < 4; node++) {
        long height = (long) (t - 4);
        if (node == 2 && t >= 20 && t < 30) {
          height = -1;
        } else if (t >= 55 && t < 65) {
          height = 51;
        } else if (node == 1 && t >= 40 && t < 48) {
          height = -1;
        } else if (t >= 65) {
          height = (long) (t - 14);
        }
        samples.add(new HeightTimeline.Sample(ZERO + tenth * 100L, node, height));
      }
    }
    return samples;
  }

  @Test
  void drawsANodeLineWithGapsAndASpanPerFault(@TempDir Path dir) throws Exception {
    PerturbationSchedule schedule = PerturbationSchedule.parse(
        "kill:node-2@20s,restart:node-2@30s,pause:node-1@40s+8s,partition:{0,1}|{2,3}@55s+10s", 4, 80_000);
    XYChart chart = TimelinePlot.chart(samples(), 4, schedule, ZERO, "test");
    assertEquals(List.of("node-2 killed (20s)", "node-1 paused (40s)", "partition {0,1}|{2,3} (55s)", "node-0",
        "node-1", "node-2", "node-3"), chart.getSeriesCollection().stream().map(x -> x.getName()).toList());
    double[] down = Arrays.stream(chart.getSeries("node-2").getYData()).filter(Double::isNaN).toArray();
    assertEquals(20, down.length, "ten seconds without an answer, sampled twice a second, are a gap");
    Path png = TimelinePlot.write(dir, samples(), 4, schedule, ZERO, "test");
    byte[] bytes = Files.readAllBytes(png);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(bytes, 4));
    assertTrue(bytes.length > 10_000, "a chart, not an empty image: " + bytes.length);
  }
}
