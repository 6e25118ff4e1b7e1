package org.lpos.node.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lpos.node.it.LaunchedProcesses.height;
import static org.lpos.testing.Eventually.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lpos.proto.v1.NodeGrpc;

/**
 * The original README's gumby run, its two command lines as written, at 10 nodes instead of 40
 * (40 JVMs do not fit on two cores): discovery {@code -n 1 -t 0 -m 10 -l 100 --fan-out 5
 * --output_dir DIR --inst 30 tx-n-outputs 20} on its default port 8123, and ten times {@code node
 * 0 1 0 10 -d --discovery 127.0.0.1 --fan-out 10 --chain 10_rich_man --output_dir DIR
 * --ignore-promoter}. The only additions are {@code --host 127.0.0.1} on every process, so that
 * nothing listens beyond loopback, and a small heap per JVM. Blocks are committed, each node
 * writes the original's {@code <id>.log} (ids 1 to 10, the registration order) with its
 * {@code add block} and communication lines beside its CSV files, and discovery writes its log.
 */
class OriginalReadmeLinesIT {
  private static final int NODES = 10;
  /** The original's discovery port, which its nodes dial when {@code --discovery} names a host only. */
  private static final int DISCOVERY_PORT = 8123;
  private static final Pattern LISTENING =
      Pattern.compile("node (node-[0-9a-f]{8}) listening on 127\\.0\\.0\\.1:(\\d+)");
  /** Ten JVMs on two cores: small heaps, the quick compiler, one GC thread. */
  private static final List<String> SMALL_JVM = List.of("-Xmx128m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  @Test
  void theReadmesTwoLinesRunTenNodesThatCommitAndWriteTheOriginalsOutputs(@TempDir Path dir) throws Exception {
    long startNs = System.nanoTime();
    assertDiscoveryPortFree();
    String out = dir.resolve("output").toString();
    try (LaunchedProcesses run = new LaunchedProcesses(dir, SMALL_JVM)) {
      run.discoveryAsWritten("discovery", List.of("-n", "1", "-t", "0", "-m", "10", "-l", "100", "--fan-out", "5",
          "--output_dir", out, "--inst", "30", "tx-n-outputs", "20", "--host", "127.0.0.1"));
      List<String> nodeLine = List.of("node", "0", "1", "0", "10", "-d", "--discovery", "127.0.0.1",
          "--fan-out", "10", "--chain", "10_rich_man", "--output_dir", out, "--ignore-promoter",
          "--host", "127.0.0.1");
      for (int i = 0; i < NODES; i++) {
        run.lpos("node" + i, nodeLine);
      }
      List<String> names = new ArrayList<>();
      List<NodeGrpc.NodeBlockingStub> nodes = new ArrayList<>();
      for (int i = 0; i < NODES; i++) {
        String process = "node" + i;
        Matcher[] found = new Matcher[1];
        await(process + " listening", 120, () -> {
          Optional<Matcher> m = run.output(process).lines().map(LISTENING::matcher).filter(Matcher::find).findFirst();
          m.ifPresent(f -> found[0] = f);
          return m.isPresent();
        }, () -> run.output(process));
        names.add(found[0].group(1));
        nodes.add(run.node(Integer.parseInt(found[0].group(2))));
      }
      System.out.printf("%d nodes listening after %d s%n", NODES, seconds(startNs));

      // The instruction's 30 s delay, then one transaction every 4.5 s from the one senator.
      await("every node past height 3", 150, () -> nodes.stream().allMatch(n -> height(n) > 3),
          () -> nodes.stream().map(n -> Long.toString(height(n))).collect(Collectors.joining(",", "heights ", "")));
      System.out.printf("every node past height 3 after %d s%n", seconds(startNs));

      Path output = Path.of(out);
      Set<String> expected = IntStream.rangeClosed(1, NODES).mapToObj(i -> i + ".log")
          .collect(Collectors.toCollection(TreeSet::new));
      assertEquals(expected, idLogs(output), "one <id>.log per node, ids in registration order");
      for (String log : expected) {
        Path file = output.resolve(log);
        await(log + " with a commit and a communication line", 30, () -> {
          String text = read(file);
          return text.contains(" INFO Start Round height=") && text.contains(" INFO add block height=")
              && text.contains(" INFO messages info {\"sent\": {");
        }, () -> read(file));
      }
      assertTrue(expected.stream().map(l -> read(output.resolve(l))).anyMatch(t -> t.matches("(?s).*txs=[1-9].*")),
          "the tx-n-outputs transactions were committed");
      for (String name : names) {
        Path nodeDir = output.resolve(name);
        List<String> blocks = Files.readAllLines(nodeDir.resolve("blocks.csv"));
        assertEquals("height,hash,txs,round,commit_time_ms", blocks.get(0));
        // 10_rich_man's chain file holds block 1; heights 2 and 3 were committed here.
        assertTrue(blocks.size() >= 3, name + " blocks.csv: " + blocks);
        await(name + " communication.csv", 15, () -> read(nodeDir.resolve("communication.csv"))
            .startsWith("time_ms,type,sent_messages,sent_bytes,received_messages,received_bytes\n"));
      }
      String discoveryLog = read(output.resolve("discovery.log"));
      assertTrue(discoveryLog.contains("instruction delay_seconds=30 experiment=tx-n-outputs param=20"), discoveryLog);
      String registrations = read(output.resolve("registrations.csv"));
      names.forEach(name -> assertTrue(registrations.contains("," + name + ",127.0.0.1:"), registrations));
    }
    System.out.printf("OriginalReadmeLinesIT ran %d s%n", seconds(startNs));
  }

  /** The README's nodes dial discovery on 8123; a test cannot move it, so it says what is in the way. */
  private static void assertDiscoveryPortFree() {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), DISCOVERY_PORT));
    } catch (IOException inUse) {
      throw new AssertionError("port " + DISCOVERY_PORT + " on 127.0.0.1 is in use (" + inUse.getMessage()
          + "): this test runs discovery on the original's default port, as the README's line does;"
          + " stop what listens there and run it again");
    }
  }

  private static Set<String> idLogs(Path output) throws IOException {
    try (Stream<Path> files = Files.list(output)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("\\d+\\.log"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  private static long seconds(long sinceNs) {
    return (System.nanoTime() - sinceNs) / 1_000_000_000L;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException notYet) {
      return "";
    }
  }
}
