package org.lpos.lab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DemoCommandTest {
  /** The demo's nodes speak TLS: the hint once said -plaintext, which fails against them. */
  @Test
  void theInspectHintMatchesTheNodesTransport() {
    assertEquals("inspect: grpcurl -insecure 127.0.0.1:7001 lpos.v1.Node/GetStatus,"
        + " or ./lpos status --node 127.0.0.1:7001", DemoCommand.inspectLine(7001, true));
    assertEquals("inspect: grpcurl -plaintext 127.0.0.1:7001 lpos.v1.Node/GetStatus,"
        + " or ./lpos status --node 127.0.0.1:7001 --tls=off", DemoCommand.inspectLine(7001, false));
  }

  /**
   * Option descriptions are format strings: a bare '%' (the --netem example's loss=1%) made
   * picocli warn on stderr at every --help and print the text unformatted.
   */
  @Test
  void theHelpFormatsEveryDescriptionWithoutWarnings() {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    String usage;
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      usage = new CommandLine(new DemoCommand()).getUsageMessage();
    } finally {
      System.setErr(err);
    }
    assertEquals("", captured.toString(StandardCharsets.UTF_8));
    assertTrue(usage.contains("loss=1% rate=100mbit"), usage);
    assertTrue(usage.contains("--perturb=SCHEDULE"), usage);
  }
}
