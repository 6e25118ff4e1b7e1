package org.lpos.node.cli;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.lpos.chain.crypto.Hex;
import org.lpos.chain.model.Blocks;

/**
 * The experiment parameters a node was started with, as the original's command line gave them
 * ({@code PORT N T POPULATION}, the chain, the fan-out, the send delay): printed at start and
 * appended as one row to {@code OUTPUT/NAME/run.csv}, so a run's output says which N, T and
 * POPULATION it measured (T and POPULATION change nothing in the node itself, as in the original).
 */
record RunParameters(String nodeName, String address, NodeChain chain, int seats, int byzantine, int population,
    int fanOut, long sendDelayMs) {
  static final String FILE = "run.csv";
  private static final String HEADER =
      "started_ms,node,address,chain,template,genesis,senate_seats,byzantine,population,fan_out,send_delay_ms\n";

  /** One line for the console and the log. */
  String describe() {
    return "run: chain " + chain.name() + (chain.template() ? " (template)" : "") + ", genesis "
        + Hex.shortForm(genesisHash()) + ", N=" + seats + " T=" + byzantine + " POPULATION=" + population
        + ", fan-out " + fanOut + ", send delay " + sendDelayMs + " ms";
  }

  /** Appends this start to {@code dir/run.csv} (with a header when the file is new). */
  void appendTo(Path dir, long nowMs) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(FILE);
    String row = nowMs + "," + nodeName + "," + address + "," + chain.name().replace(',', '_') + "," + chain.template() + ","
        + Hex.encode(genesisHash()) + "," + seats + "," + byzantine + "," + population + "," + fanOut + ","
        + sendDelayMs + "\n";
    String text = Files.exists(file) && Files.size(file) > 0 ? row : HEADER + row;
    Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private ByteString genesisHash() {
    return Blocks.hash(chain.file().getBlocks(0).getBlock());
  }
}
