package org.lpos.lab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.lpos.cli.CliRun;
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

  @Test
  void aLinkMatrixIsReadWithinItsBoundsAndRefusedClearly(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path tooFar = dir.resolve("too-far.txt");
    java.nio.file.Files.writeString(tooFar, "region a 0 1\nregion b 7\nlink a b delay=80ms\n");
    CliRun far = CliRun.of("demo", "--nodes", "4", "--netem-matrix", tooFar.toString());
    assertEquals(2, far.exitCode(), far.out() + far.err());
    assertTrue(far.err().contains("names node 7 but the demo runs nodes 0-3"), far.err());

    java.nio.file.Path bad = dir.resolve("bad.txt");
    java.nio.file.Files.writeString(bad, "region a 0\nlink a 1 delay=80\n");
    CliRun wrong = CliRun.of("demo", "--netem-matrix", bad.toString());
    assertEquals(2, wrong.exitCode(), wrong.out() + wrong.err());
    assertTrue(wrong.err().contains("line 2"), wrong.err());

    CliRun both = CliRun.of("demo", "--netem", "delay=5ms", "--netem-matrix", "config/netem/two-regions.txt");
    assertEquals(2, both.exitCode(), both.out() + both.err());
    assertTrue(both.err().contains("--netem-matrix replaces --netem"), both.err());
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
