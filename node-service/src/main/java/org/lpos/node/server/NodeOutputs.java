package org.lpos.node.server;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.lpos.chain.crypto.Hex;
import org.lpos.chain.model.Blocks;
import org.lpos.node.consensus.Equivocation;
import org.lpos.node.net.CommunicationCost;
import org.lpos.node.net.MessageKind;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.Vote;

/**
 * A node's files in its output directory, as the original wrote them: committed blocks as CSV
 * ({@code blocks.csv}: height, hash, txs, round, commit time) and communication cost per message
 * type ({@code communication.csv}, rewritten periodically), and the equivocations it saw
 * ({@code evidence.csv}: time, signer, vote type, height, round; written only when there is one).
 */
final class NodeOutputs implements AutoCloseable {
  private final Path dir;
  private final BufferedWriter blocks;

  NodeOutputs(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
      // Appended across restarts: the chain store keeps the blocks, so the log of commits does too.
      Path file = dir.resolve("blocks.csv");
      boolean fresh = !Files.exists(file) || Files.size(file) == 0;
      blocks = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND, StandardOpenOption.WRITE);
      if (fresh) {
        blocks.write("height,hash,txs,round,commit_time_ms\n");
        blocks.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + dir, e);
    }
  }

  synchronized void committed(CertifiedBlock cb, long nowMs) {
    try {
      blocks.write(cb.getBlock().getHeader().getHeight() + "," + Hex.encode(Blocks.hash(cb.getBlock())) + ","
          + cb.getBlock().getTransactionsCount() + "," + cb.getCertificate().getRound() + "," + nowMs + "\n");
      blocks.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Appends one equivocation the node saw (rare: a line is opened, written and closed). */
  synchronized void equivocation(Equivocation e, long nowMs) {
    Path file = dir.resolve("evidence.csv");
    Vote v = e.first();
    try {
      String header = Files.exists(file) ? "" : "time_ms,signer,type,height,round\n";
      Files.writeString(file, header + nowMs + "," + Hex.encode(v.getSigner()) + "," + v.getType() + ","
          + v.getHeight() + "," + v.getRound() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  synchronized void communication(CommunicationCost cost, long nowMs) {
    StringBuilder csv = new StringBuilder("time_ms,type,sent_messages,sent_bytes,received_messages,received_bytes\n");
    for (Map.Entry<MessageKind, CommunicationCost.Counts> e : cost.snapshot().entrySet()) {
      CommunicationCost.Counts c = e.getValue();
      csv.append(nowMs).append(',').append(e.getKey().label()).append(',').append(c.sentMessages()).append(',')
          .append(c.sentBytes()).append(',').append(c.receivedMessages()).append(',').append(c.receivedBytes())
          .append('\n');
    }
    try {
      Path tmp = dir.resolve("communication.csv.tmp");
      Files.writeString(tmp, csv, StandardCharsets.UTF_8);
      Files.move(tmp, dir.resolve("communication.csv"), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      blocks.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
