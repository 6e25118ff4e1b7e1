package org.lpos.discovery;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import org.lpos.chain.workload.ExperimentSpec;
import org.lpos.proto.v1.Instruction;
import org.lpos.proto.v1.PeerInfo;

/**
 * The record of a discovery run: {@code discovery.log} (configuration, events, the instruction)
 * and {@code registrations.csv} (one row per registration) in the output directory, plus the same
 * events on stderr at the chosen verbosity. Experiments are analysed from these files afterwards,
 * so every line is flushed as written and nothing is lost if the process is killed.
 * Thread-safe; writes after {@link #close} are dropped.
 */
public final class DiscoveryJournal implements AutoCloseable {
  static final String LOG_FILE = "discovery.log";
  static final String REGISTRATIONS_FILE = "registrations.csv";
  static final String CSV_HEADER = "time,node_id,node_name,address,public_key_hex,member_index";

  /** Rejections logged one by one per minute; the rest are summed in one line. */
  static final int MAX_REJECTIONS_LOGGED_PER_MINUTE = 100;

  private final Optional<BufferedWriter> log;
  private final Optional<BufferedWriter> registrations;
  private final Verbosity verbosity;
  private final PrintStream err;
  private final Clock clock;
  private boolean closed;
  private boolean writeFailed;
  private long rejectionMinute = -1;
  private int rejectionsThisMinute;
  private long suppressedRejections;

  private DiscoveryJournal(
      Optional<BufferedWriter> log, Optional<BufferedWriter> registrations, Verbosity verbosity,
      PrintStream err, Clock clock) {
    this.log = log;
    this.registrations = registrations;
    this.verbosity = verbosity;
    this.err = err;
    this.clock = clock;
  }

  /** Opens the journal, creating {@code outputDir} and truncating earlier files in it. */
  public static DiscoveryJournal open(
      Optional<Path> outputDir, Verbosity verbosity, PrintStream err, Clock clock)
      throws IOException {
    if (outputDir.isEmpty()) {
      return new DiscoveryJournal(Optional.empty(), Optional.empty(), verbosity, err, clock);
    }
    Path dir = Files.createDirectories(outputDir.get());
    BufferedWriter log = Files.newBufferedWriter(dir.resolve(LOG_FILE), StandardCharsets.UTF_8);
    BufferedWriter csv =
        Files.newBufferedWriter(dir.resolve(REGISTRATIONS_FILE), StandardCharsets.UTF_8);
    DiscoveryJournal journal =
        new DiscoveryJournal(Optional.of(log), Optional.of(csv), verbosity, err, clock);
    journal.write(csv, CSV_HEADER);
    return journal;
  }

  /** A journal that records nothing (tests that do not look at the output). */
  public static DiscoveryJournal silent() {
    return new DiscoveryJournal(
        Optional.empty(), Optional.empty(), Verbosity.QUIET, System.err, Clock.systemUTC());
  }

  /** The configuration, first line of the log. */
  public synchronized void started(DiscoveryConfig config) {
    event(Verbosity.VERBOSE, "config " + config.summary() + " " + config.limits().summary());
  }

  /** The address actually bound. */
  public synchronized void listening(String hostPort) {
    event(Verbosity.VERBOSE, "listening " + hostPort);
  }

  /** A successful registration or renewal. */
  public synchronized void registered(RegisterOutcome.Registered outcome) {
    PeerInfo self = outcome.self();
    String member = outcome.member().map(m -> Integer.toString(m.getIndex())).orElse("");
    event(Verbosity.VERBOSE, (outcome.firstTime() ? "registered " : "renewed ")
        + self.getNodeName() + " id=" + self.getNodeId() + " address=" + self.getAddress()
        + outcome.member().map(m -> " member=" + m.getIndex() + " (" + m.getName() + ")").orElse("")
        + " registered=" + outcome.registered() + " sample=" + outcome.peers().size());
    registrations.ifPresent(csv -> write(csv, String.join(",",
        clock.instant().toString(), self.getNodeId(), csv(self.getNodeName()),
        csv(self.getAddress()), HexFormat.of().formatHex(self.getPublicKey().toByteArray()),
        member)));
  }

  /**
   * A refused request, logged here (the client gets the same message) unless more than
   * {@link #MAX_REJECTIONS_LOGGED_PER_MINUTE} came this minute: a flood of junk must not fill the
   * disk; the metrics count every rejection.
   */
  public synchronized void rejected(String rpc, Rejection rejection) {
    long minute = clock.millis() / 60_000;
    if (minute != rejectionMinute) {
      if (suppressedRejections > 0) {
        event(Verbosity.VERBOSE, "rejected " + suppressedRejections + " more requests in the last"
            + " minute (not logged one by one; see lpos_discovery_rejections_total)");
      }
      rejectionMinute = minute;
      rejectionsThisMinute = 0;
      suppressedRejections = 0;
    }
    if (++rejectionsThisMinute > MAX_REJECTIONS_LOGGED_PER_MINUTE) {
      suppressedRejections++;
      return;
    }
    event(Verbosity.VERBOSE, "rejected " + rpc + " " + rejection.kind() + ": " + rejection.message());
  }

  /** The broadcast of the instruction. */
  public synchronized void instructionSent(Instruction instruction, int registered, int waiting) {
    event(Verbosity.VERBOSE, "instruction delay_seconds=" + instruction.getDelaySeconds()
        + " experiment=" + ExperimentSpec.cliName(instruction.getExperiment()) + " param=" + instruction.getParam()
        + " registered=" + registered + " streams=" + waiting);
  }

  /** The start deadline passed without M registrations: the run ends with exit status 1. */
  public synchronized void startDeadlineMissed(String reason) {
    event(Verbosity.VERBOSE, "start deadline missed: " + reason);
  }

  /** Routine traffic (heartbeats, listings, watchers): only with {@code -d}. */
  public synchronized void debug(String message) {
    event(Verbosity.DEBUG, message);
  }

  /** Records the end of the run and closes the files. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    event(Verbosity.VERBOSE, "stopped");
    closed = true;
    for (BufferedWriter writer : new BufferedWriter[] {log.orElse(null), registrations.orElse(null)}) {
      if (writer != null) {
        try {
          writer.close();
        } catch (IOException e) {
          err.println("lpos discovery: cannot close output file: " + e.getMessage());
        }
      }
    }
  }

  private void event(Verbosity level, String message) {
    if (closed) {
      return;
    }
    String line = clock.instant() + " " + message;
    if (level != Verbosity.DEBUG) {
      log.ifPresent(writer -> write(writer, line));
    }
    if (verbosity.compareTo(level) >= 0) {
      err.println(line);
    }
  }

  private void write(BufferedWriter writer, String line) {
    if (closed || writeFailed) {
      return;
    }
    try {
      writer.write(line);
      writer.newLine();
      writer.flush();
    } catch (IOException e) {
      // A full disk must not fail registrations; say so once and keep serving.
      writeFailed = true;
      err.println("lpos discovery: cannot write output files, no longer recording: " + e.getMessage());
    }
  }

  /** Quotes a CSV field when it holds a separator or quote (RFC 4180). */
  private static String csv(String field) {
    if (field.indexOf(',') < 0 && field.indexOf('"') < 0) {
      return field;
    }
    return '"' + field.replace("\"", "\"\"") + '"';
  }
}
