package org.lpos.node.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lpos.testing.Eventually.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The original README's gumby node line, as written but for the discovery's address and a small
 * POPULATION: {@code node 0 1 0 2 -d --discovery 127.0.0.1:P --fan-out 10 --chain 10_rich_man
 * --output_dir DIR --ignore-promoter}. Each node binds a free port, registers that port (not 0)
 * under a name of its own, runs 10_rich_man with N = 1, and records N, T and POPULATION. One node
 * also gets the original's {@code --profile FILE}, the other {@code -o FILE}.
 */
class GumbyNodeLineIT {
  private static final Pattern LISTENING = Pattern.compile("node (node-[0-9a-f]{8}) listening on 127\\.0\\.0\\.1:(\\d+)");

  @Test
  void theGumbyLineRunsWithPortZeroAndRegistersTheBoundPort(@TempDir Path dir) throws Exception {
    Path members = LaunchedProcesses.HOME.resolve("data/members.json");
    Path out = dir.resolve("output");
    try (LaunchedProcesses run = new LaunchedProcesses(dir)) {
      int discovery = run.discovery("discovery", List.of("-n", "1", "-t", "0", "-m", "2", "-l", "10",
          "--fan-out", "5", "--members", members.toString(), "--output-dir", out.toString(),
          "--inst", "5", "tx-rate", "1"));
      List<String> gumby = List.of("node", "0", "1", "0", "2", "-d", "--discovery", "127.0.0.1:" + discovery,
          "--fan-out", "10", "--chain", "10_rich_man", "--output_dir", out.toString(), "--ignore-promoter");
      Path profile = dir.resolve("profile").resolve("a.jfr");
      Path logFile = dir.resolve("b.log");
      Process a = run.lpos("a", with(gumby, "--host", "127.0.0.1", "--profile", profile.toString()));
      Process b = run.lpos("b", with(gumby, "--host", "127.0.0.1", "-o", logFile.toString()));

      String[] names = new String[2];
      int[] ports = new int[2];
      for (int i = 0; i < 2; i++) {
        String process = i == 0 ? "a" : "b";
        int index = i;
        await(process + " listening", 60, () -> {
          Optional<Matcher> m = run.output(process).lines().map(LISTENING::matcher).filter(Matcher::find).findFirst();
          m.ifPresent(found -> {
            names[index] = found.group(1);
            ports[index] = Integer.parseInt(found.group(2));
          });
          // The run line follows the listening line: wait for both rather than race the second.
          return m.isPresent() && run.output(process).contains("run: chain");
        }, () -> run.output(process));
        assertNotEquals(0, ports[i]);
        assertTrue(run.output(process).contains("run: chain 10_rich_man (template)"), run.output(process));
        assertTrue(run.output(process).contains("N=1 T=0 POPULATION=2"), run.output(process));
      }
      assertNotEquals(names[0], names[1], "port-0 nodes are named apart");
      String registrations = Files.readString(out.resolve("registrations.csv"));
      for (int i = 0; i < 2; i++) {
        assertTrue(registrations.contains(names[i] + ",127.0.0.1:" + ports[i] + ","), registrations);
        String log = Files.readString(out.resolve(names[i]).resolve("node.log"));
        assertTrue(log.contains("--ignore-promoter has no effect"), log);
        // The node prints its parameters just before it appends them to run.csv.
        Path runCsv = out.resolve(names[i]).resolve("run.csv");
        await("run.csv of " + names[i], 10, () -> read(runCsv).contains(",1,0,2,10,0"), () -> read(runCsv));
      }
      assertTrue(registrations.lines().noneMatch(l -> l.contains(":0,")), registrations);

      LaunchedProcesses.terminate(a);
      LaunchedProcesses.terminate(b);
      await("the JFR recording written at exit", 30, () -> size(profile) > 0);
      assertEquals("FLR\0", new String(Files.readAllBytes(profile), 0, 4, StandardCharsets.US_ASCII), "a JFR file");
      assertTrue(Files.readString(logFile).contains("--ignore-promoter has no effect"), "-o FILE holds the log");
      assertFalse(run.output("b").contains("--ignore-promoter has no effect"), "-o takes the log off the console");
    }
  }

  private static List<String> with(List<String> line, String... extra) {
    List<String> all = new ArrayList<>(line);
    all.addAll(List.of(extra));
    return all;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException notYet) {
      return "";
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException notYet) {
      return 0;
    }
  }
}
