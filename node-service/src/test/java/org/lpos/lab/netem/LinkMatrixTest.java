package org.lpos.lab.netem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The link matrix file: regions, symmetric links, a default, and refusals with line numbers. */
class LinkMatrixTest {
  @Test
  void theShippedTwoRegionsFileSeparatesTheRegions() throws Exception {
    LinkMatrix m = LinkMatrix.parse(Files.readString(Path.of("..", "config", "netem", "two-regions.txt")));
    assertEquals(LinkProfile.parse("delay=80ms jitter=5ms loss=0.5%"), m.profile(0, 2));
    assertEquals(m.profile(0, 2), m.profile(3, 1), "links are symmetric");
    assertEquals(LinkProfile.parse("delay=2ms"), m.profile(0, 1));
    assertEquals(LinkProfile.parse("delay=2ms"), m.profile(3, 2));
    assertEquals(3, m.highestNode());
    assertFalse(m.isLoopback(4));
  }

  @Test
  void unnamedPairsTakeTheDefaultAndNodesWithoutARegionAreTheirOwn() {
    LinkMatrix m = LinkMatrix.parse("""
        # a comment
        region a 0 1
        default delay=10ms
        link a 2 delay=30ms
        """);
    assertEquals(30, m.profile(2, 0).delayMs());
    assertEquals(10, m.profile(2, 3).delayMs());
    assertEquals(10, m.profile(0, 1).delayMs(), "a region's own links take the default unless named");
    assertTrue(LinkMatrix.parse("region a 0").isLoopback(3), "no default: loopback");
  }

  @Test
  void mistakesAreRefusedWithTheirLine() {
    assertRefused("region a 0\nregion b 0\n", "line 2", "already in region a");
    assertRefused("link a b\n", "line 1", "link REGION REGION");
    assertRefused("link a b delay=5ms\nlink b a delay=6ms\n", "line 2", "given twice");
    assertRefused("link a b speed=5\n", "line 1", "unknown term");
    assertRefused("region 9x 1\n", "line 1", "region name");
    assertRefused("region a 100\n", "line 1", "0-99");
    assertRefused("region a x\n", "line 1", "not a node index");
    assertRefused("default delay=1ms\ndefault delay=2ms\n", "line 2", "twice");
    assertRefused("frobnicate\n", "line 1", "starts with region, link, default");
    assertRefused("#\n".repeat(LinkMatrix.MAX_LINES + 1), "at most " + LinkMatrix.MAX_LINES + " lines");
    assertRefused("#".repeat(LinkMatrix.MAX_CHARS + 1), "characters");
  }

  private static void assertRefused(String text, String... parts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LinkMatrix.parse(text));
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), e.getMessage() + " should say " + part);
    }
  }
}
