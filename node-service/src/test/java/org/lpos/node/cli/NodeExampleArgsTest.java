package org.lpos.node.cli;

import org.lpos.cli.LposCli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lpos.discovery.DiscoveryCommand;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code config/node.example.args} is a working example: the node command line accepts it, and
 * the discovery line its comment pairs it with is accepted by discovery's and agrees on N, T and
 * the population.
 */
class NodeExampleArgsTest {
  private static final Path REPO = Path.of(System.getProperty("lpos.home", ".."));
  private static final Path EXAMPLE = REPO.resolve("config/node.example.args");

  @Test
  void theNodeCommandLineAcceptsTheExample() {
    CommandLine.ParseResult parsed =
        LposCli.commandLine().parseArgs("node", "@" + EXAMPLE.toAbsolutePath());
    CommandSpec node = parsed.subcommand().commandSpec();
    List<Object> positional = node.positionalParameters().stream().map(p -> p.<Object>getValue()).toList();
    assertEquals(List.of(7001, 10, 0, 10), positional);
    assertEquals("127.0.0.1:8123", node.findOption("--discovery").getValue());
    assertEquals("10_rich_man", node.findOption("--chain").getValue());
  }

  @Test
  void thePairedDiscoveryLineIsAcceptedAndAgreesOnNTAndThePopulation() throws IOException {
    String line = Files.readAllLines(EXAMPLE).stream()
        .filter(l -> l.startsWith("#   ./lpos discovery ")).findFirst().orElseThrow();
    String[] args = line.substring("#   ./lpos discovery ".length()).trim().split(" +");
    CommandSpec discovery = DiscoveryCommand.parse(args).commandSpec();
    assertEquals(10, (Integer) discovery.findOption("-n").getValue());
    assertEquals(0, (Integer) discovery.findOption("-t").getValue());
    assertEquals(10, (Integer) discovery.findOption("-m").getValue());
    assertTrue((Integer) discovery.findOption("-l").getValue() >= 10, "discovery preloads every node's member");
  }
}
