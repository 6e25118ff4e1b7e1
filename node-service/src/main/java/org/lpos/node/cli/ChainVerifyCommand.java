package org.lpos.node.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.lpos.chain.block.ChainTip;
import org.lpos.chain.crypto.Hex;
import org.lpos.chain.legacy.LegacyChainReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lpos chain verify FILE}: exit 0 when every block verifies, else 1 and a line per problem. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description = "Verify a chain file from genesis: every block, ticket, certificate and transaction.")
final class ChainVerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "Chain file, or genic | 10_rich_man | 100_rich_man.")
  String chain;

  @Option(names = "--legacy", description = "FILE is a chain file of the original Python prototype.")
  boolean legacy;

  @Override
  public Integer call() {
    if (legacy) {
      return verifyLegacy();
    }
    VerifiedChain loaded = VerifiedChain.load(chain);
    PrintWriter out = spec.commandLine().getOut();
    if (!loaded.report().ok()) {
      loaded.report().problems().forEach(p -> out.println(loaded.path() + ": " + p));
      return ExitCodes.CHECK_FAILED;
    }
    ChainTip tip = loaded.report().state().tip();
    out.printf("%s: OK, %d blocks verified, chain id %s, height %d, tip %s%n",
        loaded.path(), loaded.report().blocksApplied(), loaded.report().state().chainId(),
        tip.height(), Hex.encode(tip.hash()));
    return 0;
  }

  private int verifyLegacy() {
    Path path = LegacyChains.path(chain);
    LegacyChainReport report = LegacyChains.verify(path);
    PrintWriter out = spec.commandLine().getOut();
    if (!report.isValid()) {
      report.problems().forEach(p -> out.println(path + ": " + p));
      return ExitCodes.CHECK_FAILED;
    }
    out.printf("%s: OK, %d blocks of the original verified (genesis hashed as %s), height %d%n", path,
        report.appliedBlocks(),
        report.genesisEncoding().map(e -> e.name()).orElse("-"), report.appliedBlocks() - 1);
    return 0;
  }
}
