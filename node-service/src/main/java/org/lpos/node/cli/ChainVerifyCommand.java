package org.lpos.node.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.lpos.chain.block.ChainTip;
import org.lpos.chain.crypto.Hex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
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

  @Override
  public Integer call() {
    VerifiedChain loaded = VerifiedChain.load(chain);
    PrintWriter out = spec.commandLine().getOut();
    if (!loaded.report().ok()) {
      loaded.report().problems().forEach(p -> out.println(loaded.path() + ": " + p));
      return LposCli.CHECK_FAILED;
    }
    ChainTip tip = loaded.report().state().tip();
    out.printf("%s: OK, %d blocks verified, chain id %s, height %d, tip %s%n",
        loaded.path(), loaded.report().blocksApplied(), loaded.report().state().chainId(),
        tip.height(), Hex.encode(tip.hash()));
    return 0;
  }
}
