package org.lpos.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

/** {@code lpos simulate}: seed first, JSON last, exit codes. */
class SimulateCommandTest {
  @Test
  void printsTheSeedFirstAndOneJsonObjectLast() {
    CliRun run = CliRun.of("simulate", "--nodes", "4", "--senate", "4", "--heights", "5", "--seed", "9", "--json");
    assertEquals(0, run.exitCode(), run.out() + run.err());
    String[] lines = run.out().strip().split("\n");
    assertEquals("seed 9", lines[0]);
    assertTrue(lines[1].startsWith("replay: ./lpos simulate "), lines[1]);
    JsonObject json = JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
    assertEquals(9, json.get("seed").getAsLong());
    assertTrue(json.get("heights_committed").getAsLong() >= 5);
    assertEquals(0, json.get("safety_violations").getAsLong());
    assertTrue(json.getAsJsonObject("messages_per_node_per_height").has("committed_block"));
  }

  @Test
  void badOptionsAreOneLineAndExitTwo() {
    CliRun run = CliRun.of("simulate", "--byzantine-mode", "lazy");
    assertEquals(2, run.exitCode());
    assertEquals(1, run.err().strip().lines().count(), run.err());
  }
}
