package org.lpos.node.server;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.lpos.chain.crypto.Hex;
import org.lpos.node.net.CommunicationCost;
import org.lpos.node.net.MessageKind;

/**
 * The original prototype's per-node log, {@code OUTPUT_DIR/<id>.log}, written beside LPOS's own
 * files so the original's log readers find what they look for: a {@code Start Round} line when a
 * height or round begins (preceded by {@code view change} when the round is past 0), an
 * {@code add block} line per commit, and every few seconds a {@code messages info} line with the
 * messages and bytes sent and received per message class so far. Each line starts with the time
 * (UTC, in the original's {@code asctime} form) and {@code INFO}.
 *
 * <p>Derived in the shell from what the driver already reports (published status, committed
 * blocks) and from the peer mesh's {@link CommunicationCost}; the core knows nothing of it.
 * Statuses that are not newer than the last (height, round) add nothing, so a status reported
 * twice or out of order writes no line twice. Writing is best effort: the first failure is logged
 * once and the log stops there, the node goes on. The file stops growing at {@link #MAX_BYTES}.
 * Thread-safe.
 */
public final class OriginalLog implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(OriginalLog.class.getName());
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS").withZone(ZoneOffset.UTC);

  /** Past this many characters the log stops (about 2 million heights of lines). */
  static final long MAX_BYTES = 256L << 20;

  private final Writer out;
  private final String where;
  private final long maxBytes;
  private long written;
  private long height = -1;
  private int round = -1;
  private boolean stopped;

  /** A log writing to {@code out} (named {@code where} in warnings), at most {@code maxBytes}. */
  OriginalLog(Writer out, String where, long maxBytes) {
    this.out = out;
    this.where = where;
    this.maxBytes = maxBytes;
  }

  /** Opens {@code file} for appending (a restarted node goes on in the same log), creating it. */
  public static OriginalLog open(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    return new OriginalLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND, StandardOpenOption.WRITE), file.toString(), MAX_BYTES);
  }

  /**
   * The log's file name: the node's registration order at discovery, as the original's, or
   * without one (no discovery, or a server that does not number names) the node's name, with
   * anything but letters, digits, {@code .}, {@code _} and {@code -} made {@code _} so that the
   * file stays in the output directory.
   */
  public static String fileName(int registrationOrder, String nodeName) {
    return (registrationOrder != 0 ? Integer.toUnsignedString(registrationOrder)
        : nodeName.replaceAll("[^A-Za-z0-9._-]", "_")) + ".log";
  }

  /** The node now decides {@code height} in {@code round}: writes the lines a new round gives. */
  public synchronized void status(long height, int round, long nowMs) {
    List<String> lines = roundLines(this.height, this.round, height, round);
    if (lines.isEmpty()) {
      return;
    }
    this.height = height;
    this.round = round;
    lines.forEach(l -> write(nowMs, l));
  }

  /** The node committed a block. */
  public synchronized void committed(long height, ByteString hash, int transactions, int round, long nowMs) {
    write(nowMs, addBlock(height, hash, transactions, round));
  }

  /** The communication cost so far, by message class. */
  public synchronized void communication(Map<MessageKind, CommunicationCost.Counts> counts, long nowMs) {
    write(nowMs, messagesInfo(counts));
  }

  /**
   * What moving from ({@code lastHeight}, {@code lastRound}) to ({@code height}, {@code round})
   * writes: nothing unless it is a later position; a round past 0 is a view change.
   */
  static List<String> roundLines(long lastHeight, int lastRound, long height, int round) {
    boolean later = height > lastHeight || (height == lastHeight && round > lastRound);
    if (!later) {
      return List.of();
    }
    List<String> lines = new ArrayList<>(2);
    if (round > 0) {
      lines.add("view change height=" + height + " round=" + round);
    }
    lines.add("Start Round height=" + height + " round=" + round);
    return lines;
  }

  /** The line of one commit: height, the hash's short form, transactions and deciding round. */
  static String addBlock(long height, ByteString hash, int transactions, int round) {
    return "add block height=" + height + " hash=" + Hex.shortForm(hash) + " txs=" + transactions
        + " round=" + round;
  }

  /**
   * The communication line: as the original's {@code messages info {"sent": ..., "recv": ...}},
   * a JSON object after the words, holding messages and bytes per class that has any.
   */
  static String messagesInfo(Map<MessageKind, CommunicationCost.Counts> counts) {
    return "messages info {\"sent\": " + byClass(counts, c -> new long[] {c.sentMessages(), c.sentBytes()})
        + ", \"recv\": " + byClass(counts, c -> new long[] {c.receivedMessages(), c.receivedBytes()}) + "}";
  }

  private static String byClass(Map<MessageKind, CommunicationCost.Counts> counts,
      Function<CommunicationCost.Counts, long[]> side) {
    StringBuilder json = new StringBuilder("{");
    for (Map.Entry<MessageKind, CommunicationCost.Counts> e : counts.entrySet()) {
      long[] messagesAndBytes = side.apply(e.getValue());
      if (messagesAndBytes[0] == 0 && messagesAndBytes[1] == 0) {
        continue;
      }
      if (json.length() > 1) {
        json.append(", ");
      }
      json.append('"').append(e.getKey().label()).append("\": {\"messages\": ").append(messagesAndBytes[0])
          .append(", \"bytes\": ").append(messagesAndBytes[1]).append('}');
    }
    return json.append('}').toString();
  }

  private void write(long nowMs, String message) {
    if (stopped) {
      return;
    }
    String line = TIME.format(Instant.ofEpochMilli(nowMs)) + " INFO " + message + "\n";
    try {
      if (written + line.length() > maxBytes) {
        stopped = true;
        out.write(TIME.format(Instant.ofEpochMilli(nowMs)) + " INFO log limit of " + maxBytes
            + " bytes reached; nothing more is written here\n");
        out.flush();
        return;
      }
      out.write(line);
      // Flushed per line: the lines come per height or every few seconds, and a killed node keeps them.
      out.flush();
      written += line.length();
    } catch (IOException e) {
      stopped = true;
      LOG.log(Level.WARNING, "cannot write " + where + "; the original's log stops here, the node goes on", e);
    }
  }

  @Override
  public synchronized void close() {
    stopped = true;
    try {
      out.close();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot close " + where, e);
    }
  }
}
