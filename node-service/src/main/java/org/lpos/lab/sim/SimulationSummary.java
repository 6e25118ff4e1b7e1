package org.lpos.lab.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import org.lpos.lab.byzantine.ByzantineMode;
import org.lpos.proto.v1.Lottery;

/**
 * The outcome of one run: what the checkers found and what the network carried. It holds nothing
 * measured on the wall clock, so two runs with one configuration give equal summaries.
 *
 * @param config the run's configuration
 * @param heightsCommitted the height every honest node reached (the least among them)
 * @param referenceHeight the highest height some honest node committed
 * @param safetyViolations violations of agreement, validity, value conservation and signing
 * @param violations the first violations, described
 * @param doubleSignsByHonest conflicting signatures sent by honest nodes
 * @param livenessOk whether every honest node kept committing after the faults and reached the target
 * @param livenessProblem why liveness failed, empty if it held
 * @param roundsPerHeight how many heights were decided in each round
 * @param messagesPerNodePerHeight messages sent per node per decided height, by type
 * @param bytesPerNodePerHeight bytes sent per node per decided height, by type
 * @param simulatedMs simulated time the run took
 * @param maxByzantineSeats the most seats Byzantine members held at one height
 * @param heightsByzantineAboveF heights whose senate gave Byzantine members more than f seats (safety not asserted)
 * @param unassertedConflicts conflicting commits seen at such heights
 * @param equivocationsDetected conflicting votes honest nodes detected
 * @param events simulated events processed
 * @param committedTransactions transactions in the blocks honest nodes agreed on
 * @param seatShare the Byzantine share of the seats after the burn-in, against their stake
 */
public record SimulationSummary(
    SimulationConfig config,
    long heightsCommitted,
    long referenceHeight,
    long safetyViolations,
    List<String> violations,
    long doubleSignsByHonest,
    boolean livenessOk,
    String livenessProblem,
    SortedMap<Integer, Integer> roundsPerHeight,
    Map<String, Double> messagesPerNodePerHeight,
    Map<String, Double> bytesPerNodePerHeight,
    long simulatedMs,
    int maxByzantineSeats,
    long heightsByzantineAboveF,
    long unassertedConflicts,
    long equivocationsDetected,
    long events,
    long committedTransactions,
    SeatShare seatShare) {

  /** Whether every checker held. */
  public boolean ok() {
    return safetyViolations == 0 && doubleSignsByHonest == 0 && livenessOk;
  }

  /** The summary as the JSON object of {@code lpos simulate --json}. */
  public Map<String, Object> toJson(double wallSeconds) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ok", ok());
    m.put("seed", config.seed());
    m.put("nodes", config.nodes());
    m.put("senate", config.senateSeats());
    m.put("byzantine", config.byzantine());
    m.put("byzantine_mode", config.byzantineMode().cliName());
    m.put("lottery", lotteryName());
    m.put("grind_tries", config.grindTries());
    m.put("experiment", config.workload().name());
    m.put("param", config.param());
    m.put("heights_target", config.heights());
    m.put("heights_committed", heightsCommitted);
    m.put("committed_txs", committedTransactions);
    m.put("safety_violations", safetyViolations);
    m.put("violations", violations);
    m.put("double_signs_by_honest", doubleSignsByHonest);
    m.put("liveness_ok", livenessOk);
    m.put("liveness_problem", livenessProblem);
    Map<String, Integer> rounds = new LinkedHashMap<>();
    roundsPerHeight.forEach((r, n) -> rounds.put(Integer.toString(r), n));
    m.put("rounds_per_height", rounds);
    m.put("messages_per_node_per_height", messagesPerNodePerHeight);
    m.put("bytes_per_node_per_height", bytesPerNodePerHeight);
    m.put("simulated_seconds", simulatedMs / 1000.0);
    m.put("wall_seconds", wallSeconds);
    m.put("max_byzantine_seats", maxByzantineSeats);
    m.put("max_faulty_seats", Math.floorDiv(config.senateSeats() - 1, 3));
    m.put("heights_byzantine_above_f", heightsByzantineAboveF);
    m.put("unasserted_conflicts", unassertedConflicts);
    m.put("equivocations_detected", equivocationsDetected);
    m.put("events", events);
    m.put("seat_share", seatShare.toJson());
    m.put("replay", config.replayCommand());
    return m;
  }

  /** The lottery's name on the command line. */
  public String lotteryName() {
    return config.lottery() == Lottery.LOTTERY_VRF ? "vrf" : "director";
  }

  /** The human-readable summary, one line per fact. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    int f = Math.floorDiv(config.senateSeats() - 1, 3);
    lines.add(String.format(Locale.ROOT, "%s: %d nodes, %d seats (f = %d), %d Byzantine (%s), %s",
        ok() ? "OK" : "FAILED", config.nodes(), config.senateSeats(), f, config.byzantine(),
        config.byzantineMode().cliName(), config.workload().name()));
    lines.add(String.format(Locale.ROOT, "heights committed by every honest node: %d (target %d, highest %d)",
        heightsCommitted, config.heights(), referenceHeight));
    lines.add("transactions committed: " + committedTransactions);
    lines.add("safety violations: " + safetyViolations + ", double signs by honest nodes: " + doubleSignsByHonest);
    violations.forEach(v -> lines.add("  " + v));
    lines.add("liveness: " + (livenessOk ? "held" : "FAILED: " + livenessProblem));
    lines.add("rounds per height: " + roundsPerHeight);
    lines.add(String.format(Locale.ROOT, "most Byzantine seats at one height: %d (f = %d)", maxByzantineSeats, f));
    if (heightsByzantineAboveF > 0) {
      lines.add("Byzantine members held more than f seats at " + heightsByzantineAboveF
          + " heights: agreement is NOT asserted there (" + unassertedConflicts + " conflicting commits seen)");
    }
    lines.add("equivocations detected by honest nodes: " + equivocationsDetected);
    String interval = Double.isFinite(seatShare.halfWidth95())
        ? String.format(Locale.ROOT, "95%% CI [%.4f, %.4f] (batch means)",
            seatShare.share() - seatShare.halfWidth95(), seatShare.share() + seatShare.halfWidth95())
        : String.format(Locale.ROOT, "no 95%% CI (it needs %d heights after the burn-in: --heights %d or more)",
            2 * SeatShare.BATCHES, 2 * SeatShare.BATCHES + SeatShare.BURN_IN_HEIGHTS);
    lines.add(String.format(Locale.ROOT,
        "Byzantine seat share (%s lottery%s): %.4f, %s, stake share %.4f,"
            + " over %d heights after a burn-in of %d; view changes %d",
        lotteryName(), config.byzantineMode() == ByzantineMode.GRIND
            ? ", grind K = " + config.grindTries() : "",
        seatShare.share(), interval, seatShare.stakeShare(), seatShare.heights(), SeatShare.BURN_IN_HEIGHTS,
        seatShare.viewChanges()));
    lines.add("messages per node per height: " + messagesPerNodePerHeight);
    lines.add("bytes per node per height: " + bytesPerNodePerHeight);
    lines.add(String.format(Locale.ROOT, "simulated %.3f s, %d events", simulatedMs / 1000.0, events));
    return lines;
  }
}
