package org.lpos.node.cli;

import com.google.protobuf.ByteString;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lpos.chain.block.ChainState;
import org.lpos.chain.crypto.Hex;
import org.lpos.chain.model.Blocks;
import org.lpos.proto.v1.BlockHeader;
import org.lpos.proto.v1.CertifiedBlock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lpos chain show FILE}: heights, hashes, transaction counts and balances by member. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = "Show a chain's blocks (height, hash, transactions, round, proposer) and balances by member.")
final class ChainShowCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "Chain file, or genic | 10_rich_man | 100_rich_man.")
  String chain;

  @Option(names = "--members", paramLabel = "FILE",
      description = "Members file to name owners (default: members.json beside the chain file, if any).")
  Path membersFile;

  @Override
  public Integer call() {
    VerifiedChain loaded = VerifiedChain.load(chain);
    MemberDirectory members = MemberDirectory.forChain(membersFile, loaded.path());
    PrintWriter out = spec.commandLine().getOut();
    out.printf("%-7s %-64s %5s %5s  %-22s %s%n", "height", "hash", "txs", "round", "proposer", "time");
    for (CertifiedBlock cb : loaded.file().getBlocksList()) {
      BlockHeader h = cb.getBlock().getHeader();
      String proposer = h.getProposer().isEmpty() ? "-" : members.describe(h.getProposer());
      out.printf("%-7d %-64s %5d %5d  %-22s %s%n", h.getHeight(), Hex.encode(Blocks.hash(h)),
          cb.getBlock().getTransactionsCount(), h.getRound(), proposer, Instant.ofEpochMilli(h.getTimestampMs()));
    }
    if (!loaded.report().ok()) {
      loaded.report().problems().forEach(p -> out.println("problem: " + p));
    }
    ChainState state = loaded.report().state();
    if (state == null) {
      return ExitCodes.CHECK_FAILED;
    }
    out.printf("%nbalances after height %d (total %d in %d outputs):%n",
        state.tip().height(), state.utxos().totalValue(), state.utxos().size());
    for (Map.Entry<ByteString, Long> e : state.utxos().balances().entrySet()) {
      out.printf("  %-20s %s %12d%n", members.describe(e.getKey()), Hex.encode(e.getKey()), e.getValue());
    }
    return loaded.report().ok() ? 0 : ExitCodes.CHECK_FAILED;
  }
}
