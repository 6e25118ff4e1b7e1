package org.lpos.node.cli;

import org.lpos.node.cli.UserInputException;
import org.lpos.cli.CliRun;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lpos.chain.chainfile.ChainFiles;
import org.lpos.chain.model.Blocks;
import org.lpos.node.server.SendPolicies;
import org.lpos.node.server.SendPolicy;
import org.lpos.proto.v1.ChainFile;
import picocli.CommandLine;

/**
 * The node's command line as the original's users wrote it: every original spelling gives what
 * the Java spelling gives, the original's defaults, N on a shipped template, and the README's
 * gumby line parsed as written.
 */
class NodeCommandOptionsTest {
  private static final Path DATA = Path.of("..", "data");

  private static NodeCommand parse(String... args) {
    NodeCommand command = new NodeCommand(request -> Optional.empty(), SendPolicies.HONEST_ONLY);
    new CommandLine(command).parseArgs(args);
    return command;
  }

  private static NodeCommand parse(String options) {
    return parse(("7001 4 1 4 " + options).trim().split(" "));
  }

  @Test
  void theOriginalSpellingsGiveWhatTheJavaSpellingsGive() {
    assertEquals(parse("--output-dir out/x").outputDir, parse("--output_dir out/x").outputDir);
    assertEquals(Path.of("out/x"), parse("--output_dir out/x").outputDir);
    assertEquals(parse("--send-delay-ms 250").sendDelayMs(), parse("--send_delay 0.25").sendDelayMs());
    assertEquals(250, parse("--send_delay 0.25").sendDelayMs());
    assertEquals(2_000, parse("--send_delay 2").sendDelayMs());
    assertEquals(0, parse("").sendDelayMs());
  }

  @Test
  void aSourceAddressMustBeAnIpLiteralThisMachineCanBind() throws Exception {
    assertEquals(java.net.InetAddress.getByName("127.0.0.10"), parse("--source-address 127.0.0.10").sourceAddress);
    assertEquals(null, parse("").sourceAddress);
    // A name is not looked up, and an address of no interface here is refused at start.
    assertThrows(CommandLine.ParameterException.class, () -> parse("--source-address localhost"));
    assertThrows(CommandLine.ParameterException.class, () -> parse("--source-address 192.0.2.1"));
  }

  @Test
  void aNodeSendsHonestlyUnlessTheLauncherOffersTheByzantineModeNamed() {
    assertSame(SendPolicy.Factory.HONEST, parse("").sendPolicy());
    UserInputException refused = assertThrows(UserInputException.class,
        () -> parse("--byzantine-mode equivocate").sendPolicy());
    assertTrue(refused.getMessage().contains("equivocate"), refused.getMessage());
    SendPolicy.Factory offered = (key, chainId, peers) -> SendPolicy.HONEST;
    NodeCommand withModes = new NodeCommand(request -> Optional.empty(), new SendPolicies() {
      @Override
      public List<String> names() {
        return List.of("equivocate");
      }

      @Override
      public SendPolicy.Factory named(String name) {
        return offered;
      }
    });
    new CommandLine(withModes).parseArgs("7001", "4", "1", "4", "--byzantine-mode", "equivocate");
    assertSame(offered, withModes.sendPolicy());
  }

  @Test
  void theOriginalsDefaults() {
    NodeCommand none = parse("");
    assertEquals(Optional.of("localhost:8123"), none.discoveryTarget());
    assertEquals("genic", none.chain);
    assertEquals(10, none.fanOut);
    assertEquals(0, none.timeoutSeconds, "0 = run until stopped");
    assertEquals(Optional.of("gumby:8123"), parse("--discovery gumby").discoveryTarget());
    assertEquals(Optional.of("127.0.0.1:9000"), parse("--discovery 127.0.0.1:9000").discoveryTarget());
    assertEquals(Optional.empty(), parse("--discovery none").discoveryTarget());
  }

  @Test
  void theGumbyLineOfTheOriginalsReadmeParses() {
    NodeCommand gumby = parse(("0 1 0 40 -d --discovery HOST --fan-out 10 --chain 10_rich_man --output_dir DIR"
        + " --ignore-promoter").split(" "));
    assertEquals(0, gumby.port);
    assertEquals(1, gumby.seats);
    assertEquals(0, gumby.byzantine);
    assertEquals(40, gumby.population);
    assertTrue(gumby.debug);
    assertTrue(gumby.ignorePromoter);
    assertEquals(Optional.of("HOST:8123"), gumby.discoveryTarget());
    assertEquals(Path.of("DIR"), gumby.outputDir);
  }

  @Test
  void logFileAndProfileAreTakenAsFiles() {
    NodeCommand c = parse("-o node.log --profile run.jfr");
    assertEquals(Path.of("node.log"), c.logFile);
    assertEquals(Path.of("run.jfr"), c.profileFile);
  }

  @Test
  void badDelaysAndBothSpellingsAtOnceAreRefused() {
    for (String options : new String[] {"--send_delay -1", "--send_delay 61", "--send_delay NaN",
        "--send-delay-ms -5", "--send-delay-ms 60001", "--send_delay 1 --send-delay-ms 1000"}) {
      UserInputException e = assertThrows(UserInputException.class, () -> parse(options).sendDelayMs(), options);
      assertTrue(e.getMessage().contains("send"), e.getMessage());
    }
  }

  @Test
  void portZeroNamesTheNodeAfterItsInstanceIdAndAFixedPortAfterThePort() {
    ByteString id = ByteString.copyFrom(new byte[] {(byte) 0xab, 0x01, 0x02, 0x03, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13,
        14, 15});
    assertEquals("node-ab010203", parse("0 1 0 40".split(" ")).nodeName(id));
    assertEquals("node-7001", parse("").nodeName(id));
    assertEquals("n1", parse("0 1 0 40 --name n1".split(" ")).nodeName(id));
  }

  @Test
  void tAboveTheBoundIsRefusedBeforeAnythingStarts() {
    CliRun run = CliRun.of("node", "0", "4", "2", "4", "--discovery", "none");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("T = 2 exceeds floor((N-1)/3) = 1 for N = 4"), run.err());
  }

  @Test
  void aTemplatesOwnNLeavesTheShippedGenesisUnchanged() throws Exception {
    Path file = DATA.resolve("chain_10_rich_man.json");
    NodeChain ten = NodeChain.fromTemplate("10_rich_man", file, 10);
    assertEquals(ChainFiles.read(file), ten.file());
    assertTrue(ten.template());
  }

  @Test
  void theSameNDerivesTheSameGenesisAndAnotherNAnother() {
    Path file = DATA.resolve("chain_10_rich_man.json");
    ChainFile four = NodeChain.fromTemplate("10_rich_man", file, 4).file();
    ChainFile fourAgain = NodeChain.fromTemplate("10_rich_man", file, 4).file();
    ChainFile one = NodeChain.fromTemplate("10_rich_man", file, 1).file();
    assertArrayEquals(four.toByteArray(), fourAgain.toByteArray());
    assertNotEquals(genesisHash(four), genesisHash(one));
    assertNotEquals(genesisHash(NodeChain.fromTemplate("10_rich_man", file, 10).file()), genesisHash(four));
  }

  @Test
  void aChainFileFixesNAndSaysSo() {
    Path file = DATA.resolve("chain_10_rich_man.json");
    UserInputException e = assertThrows(UserInputException.class, () -> NodeChain.fromFile(file, 4));
    assertTrue(e.getMessage().startsWith("N = 4 but " + file + " fixes N = 10 in its genesis"), e.getMessage());
    assertFalse(NodeChain.fromFile(file, 10).template());
    assertEquals("chain_10_rich_man.json", NodeChain.fromFile(file, 10).name());
  }

  @Test
  void runParametersRecordNTAndPopulation(@TempDir Path dir) throws Exception {
    NodeChain chain = NodeChain.fromTemplate("10_rich_man", DATA.resolve("chain_10_rich_man.json"), 1);
    RunParameters run = new RunParameters("node-ab010203", "127.0.0.1:7001", chain, 1, 0, 40, 10, 0);
    assertTrue(run.describe().contains("chain 10_rich_man (template)"), run.describe());
    assertTrue(run.describe().contains("N=1 T=0 POPULATION=40"), run.describe());
    run.appendTo(dir, 5);
    run.appendTo(dir, 6);
    var lines = Files.readAllLines(dir.resolve(RunParameters.FILE));
    assertEquals(3, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("started_ms,node,address,chain,template,genesis,senate_seats,byzantine,population"));
    assertTrue(lines.get(1).startsWith("5,node-ab010203,127.0.0.1:7001,10_rich_man,true,"), lines.get(1));
    assertTrue(lines.get(1).endsWith(",1,0,40,10,0"), lines.get(1));
  }

  private static ByteString genesisHash(ChainFile chain) {
    return Blocks.hash(chain.getBlocks(0).getBlock());
  }
}
