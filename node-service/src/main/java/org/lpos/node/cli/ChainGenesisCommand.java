package org.lpos.node.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.lpos.chain.chainfile.ChainFiles;
import org.lpos.chain.chainfile.ChainVerifier;
import org.lpos.chain.chainfile.MemberFiles;
import org.lpos.chain.genesis.ShippedChains;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.chain.model.Member;
import org.lpos.proto.v1.ChainFile;
import org.lpos.proto.v1.ChainParams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code lpos chain genesis}: writes the insecure test members and the three shipped chains,
 * reproducibly from a seed and the chain parameters, and verifies each file it wrote.
 */
@Command(
    name = "genesis",
    mixinStandardHelpOptions = true,
    description = {
      "Write members.json (insecure test keys) and the chains genic, 10_rich_man and 100_rich_man.",
      "The same seed and parameters always give the same files."
    })
final class ChainGenesisCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write into.")
  Path out;

  @Option(names = "--params", paramLabel = "FILE",
      description = "Chain parameters JSON (default: config/chain-params.json of the project).")
  Path params;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the member keys (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--members", defaultValue = "300", paramLabel = "COUNT",
      description = "Number of members (default: ${DEFAULT-VALUE}).")
  int memberCount;

  @Override
  public Integer call() throws IOException {
    if (memberCount < 100) {
      throw new UserInputException("--members must be at least 100 (100_rich_man pays members 0-99)");
    }
    ChainParams chainParams = ChainParamsFiles.read(params);
    List<Member> members = TestMembers.derive(seed, memberCount);
    PrintWriter stdout = spec.commandLine().getOut();
    MemberFiles.writeMembers(out.resolve("members.json"), TestMembers.WARNING, members);
    stdout.printf("wrote %s (%d members, INSECURE test keys, seed %d)%n", out.resolve("members.json"), memberCount, seed);
    write(stdout, "genic", ShippedChains.genic(chainParams, members));
    write(stdout, "10_rich_man", ShippedChains.richMen(chainParams, members, 10));
    write(stdout, "100_rich_man", ShippedChains.richMen(chainParams, members, 100));
    return 0;
  }

  private void write(PrintWriter stdout, String name, ChainFile chain) throws IOException {
    ChainVerifier.Report report = ChainVerifier.verify(chain);
    if (!report.ok()) {
      throw new IllegalStateException("generated chain " + name + " does not verify: " + report.problems());
    }
    Path file = out.resolve("chain_" + name + ".json");
    ChainFiles.write(file, chain);
    stdout.printf("wrote %s (%d blocks, chain id %s)%n", file, chain.getBlocksCount(),
        report.state().chainId());
  }
}
