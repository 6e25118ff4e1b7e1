package org.lpos.node.cli;

import com.google.gson.GsonBuilder;
import com.google.protobuf.ByteString;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.lpos.chain.crypto.Hex;
import org.lpos.chain.legacy.LegacyChainVerifier;
import org.lpos.chain.senate.Senate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lpos chain senate FILE}: the senate of the next height, drawn from the chain's final
 * state; with {@code --legacy}, from a chain file of the original prototype.
 */
@Command(
    name = "senate",
    mixinStandardHelpOptions = true,
    description = "Print the senate of the next height: each seat's owner and the quorum.")
final class ChainSenateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "Chain file, or genic | 10_rich_man | 100_rich_man.")
  String chain;

  @Option(names = "--legacy", description = "FILE is a chain file of the original Python prototype.")
  boolean legacy;

  @Option(names = "--members", paramLabel = "FILE",
      description = "Members file giving member indices (default: members.json beside the chain file, if any).")
  Path membersFile;

  @Option(names = "--seats", paramLabel = "N",
      description = "Seats to draw for a legacy chain (default: 10, as in the original).")
  Integer seats;

  @Option(names = "--json", description = "Print one JSON object: height, seats (seat, owner, member_index), quorum.")
  boolean json;

  @Override
  public Integer call() {
    DrawnSenate drawn = legacy ? LegacyChains.senate(chain, membersFile, seats == null ? LegacyChainVerifier.SEATS : seats)
        : nativeSenate();
    print(drawn);
    return 0;
  }

  private DrawnSenate nativeSenate() {
    if (seats != null) {
      throw new UserInputException("--seats applies to legacy chains only; an LPOS chain fixes N in its genesis");
    }
    VerifiedChain loaded = VerifiedChain.load(chain);
    if (!loaded.report().ok()) {
      throw new UserInputException(loaded.path() + " does not verify (run: lpos chain verify "
          + loaded.path() + "): " + loaded.report().problems().get(0));
    }
    return new DrawnSenate(loaded.report().state().nextSenate(), MemberDirectory.forChain(membersFile, loaded.path()));
  }

  private void print(DrawnSenate drawn) {
    PrintWriter out = spec.commandLine().getOut();
    Senate senate = drawn.senate();
    if (json) {
      List<Map<String, Object>> seatList = new ArrayList<>();
      for (int i = 0; i < senate.size(); i++) {
        ByteString owner = senate.seats().get(i);
        OptionalInt index = drawn.members().indexOf(owner);
        Map<String, Object> seat = new LinkedHashMap<>();
        seat.put("seat", i);
        seat.put("owner", Hex.encode(owner));
        seat.put("member_index", index.isPresent() ? index.getAsInt() : null);
        seatList.add(seat);
      }
      Map<String, Object> root = new LinkedHashMap<>();
      root.put("height", senate.height());
      root.put("seats", seatList);
      root.put("quorum", senate.quorum());
      out.println(new GsonBuilder().serializeNulls().create().toJson(root));
      return;
    }
    out.printf("senate of height %d: %d seats, quorum %d, up to %d faulty%n",
        senate.height(), senate.size(), senate.quorum(), senate.maxFaulty());
    for (int i = 0; i < senate.size(); i++) {
      ByteString owner = senate.seats().get(i);
      out.printf("  seat %2d  %-20s %s%s%n", i, drawn.members().describe(owner), Hex.encode(owner),
          i == 0 ? "  (proposer of round 0)" : "");
    }
  }

  /** A senate and the directory that names its members. */
  record DrawnSenate(Senate senate, MemberDirectory members) {}
}
