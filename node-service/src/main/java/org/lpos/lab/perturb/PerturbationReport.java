package org.lpos.lab.perturb;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The end checks of a perturbed run, as CometBFT's e2e runner makes them: one chain (every
 * node's block hash equal at every height it has), value conserved (the balances sum to the
 * genesis total), no honest double sign (no equivocation evidence names a node that is not
 * Byzantine), and liveness resumed: every node still running commits again within
 * {@link #LIVENESS_BOUND_S} of the last fault's end. It also gives each fault's recovery time:
 * from the fault's end until every node it touched has committed a block again.
 *
 * @param perturbations the schedule, as {@link PerturbationSchedule#describe} writes it
 * @param oneChain whether every height has one hash across the nodes
 * @param valueConserved whether the balances summed to the genesis total on every node read;
 *     empty when they could not be read at one height
 * @param noHonestDoubleSign whether every signer named in evidence is a Byzantine node
 * @param livenessResumedS seconds from the last fault's end until every running node committed
 *     again; empty if one did not within the run
 * @param recoveryS seconds from each fault's end until its nodes committed again, by fault (empty:
 *     the fault did not end, or its nodes did not commit again, within the run)
 */
public record PerturbationReport(String perturbations, boolean oneChain, Optional<Boolean> valueConserved,
    boolean noHonestDoubleSign, OptionalDouble livenessResumedS, Map<String, OptionalDouble> recoveryS) {
  /**
   * How soon after the last fault every node must commit again. A round that times out waits
   * a few seconds, a node back from SIGKILL or SIGSTOP needs its peers to redial it (gRPC's
   * reconnect backoff grows to seconds) and to fetch what it missed, and a height whose senate
   * seats are mostly held by one member waits for it: 30 s covers these on two busy cores, and a
   * network that needs longer has not recovered in any sense a user would accept.
   */
  public static final double LIVENESS_BOUND_S = 30;

  /** Copies the map, keeping its order. */
  public PerturbationReport {
    recoveryS = Collections.unmodifiableMap(new LinkedHashMap<>(recoveryS));
  }

  /**
   * Works out the liveness and recovery figures of a run whose schedule started at {@code zeroWallMs} from
   * each node's commit times (wall-clock ms, from its {@code blocks.csv}).
   *
   * @param evidenceSigners the hex public keys named in every node's evidence
   * @param byzantineKeys the hex public keys of the Byzantine nodes
   */
  public static PerturbationReport of(PerturbationSchedule schedule, long zeroWallMs,
      Map<Integer, List<Long>> commitWallMs, boolean oneChain, Optional<Boolean> valueConserved,
      Collection<String> evidenceSigners, Set<String> byzantineKeys) {
    Set<Integer> gone = schedule.killedAtEnd();
    List<Integer> running = new ArrayList<>(commitWallMs.keySet());
    running.removeAll(gone);
    long lastEnd = zeroWallMs + schedule.lastEndMs();
    OptionalDouble liveness = recovery(commitWallMs, running, lastEnd);
    Map<String, OptionalDouble> recovery = new LinkedHashMap<>();
    for (FaultWindow w : schedule.windows()) {
      List<Integer> touched = w.affected().stream().filter(n -> !gone.contains(n)).sorted().toList();
      recovery.put(w.cause().describe(), w.endMs().isPresent()
          ? recovery(commitWallMs, touched, zeroWallMs + w.endMs().getAsLong()) : OptionalDouble.empty());
    }
    boolean honest = byzantineKeys.containsAll(evidenceSigners);
    return new PerturbationReport(schedule.describe(), oneChain, valueConserved, honest, liveness, recovery);
  }

  /** Seconds from {@code fromWallMs} until each of {@code nodes} committed a block; empty if one never did. */
  static OptionalDouble recovery(Map<Integer, List<Long>> commitWallMs, List<Integer> nodes, long fromWallMs) {
    long worst = 0;
    for (int n : nodes) {
      Optional<Long> next = commitWallMs.getOrDefault(n, List.of()).stream().filter(t -> t > fromWallMs).min(Long::compare);
      if (next.isEmpty()) {
        return OptionalDouble.empty();
      }
      worst = Math.max(worst, next.get() - fromWallMs);
    }
    return OptionalDouble.of(worst / 1000.0);
  }

  /** Whether liveness came back within the bound. */
  public boolean livenessResumed() {
    return livenessResumedS.isPresent() && livenessResumedS.getAsDouble() <= LIVENESS_BOUND_S;
  }

  /** Whether every check passed. */
  public boolean passed() {
    return oneChain && valueConserved.orElse(false) && noHonestDoubleSign && livenessResumed();
  }

  /** The JSON fields: {@code perturbations}, {@code perturbation_checks} and {@code recovery_s}. */
  public Map<String, Object> fields() {
    Map<String, Object> checks = new LinkedHashMap<>();
    checks.put("one_chain", oneChain);
    checks.put("value_conserved", valueConserved.orElse(null));
    checks.put("no_honest_double_sign", noHonestDoubleSign);
    checks.put("liveness_resumed_s", seconds(livenessResumedS));
    checks.put("liveness_bound_s", LIVENESS_BOUND_S);
    checks.put("passed", passed());
    Map<String, Object> recovery = new LinkedHashMap<>();
    recoveryS.forEach((fault, s) -> recovery.put(fault, seconds(s)));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("perturbations", perturbations);
    m.put("perturbation_checks", checks);
    m.put("recovery_s", recovery);
    return m;
  }

  /** The lines the demo prints. */
  public String text() {
    StringBuilder b = new StringBuilder("perturbations: ").append(perturbations).append('\n');
    b.append(String.format("checks: one chain %s, value conserved %s, no honest double sign %s, liveness resumed %s%n",
        yes(oneChain), valueConserved.map(PerturbationReport::yes).orElse("NOT READ"), yes(noHonestDoubleSign),
        livenessResumedS.isPresent() ? String.format("after %.1f s (bound %.0f s)%s", livenessResumedS.getAsDouble(),
            LIVENESS_BOUND_S, livenessResumed() ? "" : " TOO SLOW") : "NO (no commit on every node after the last fault)"));
    recoveryS.forEach((fault, s) -> b.append(String.format("recovery of %s: %s%n", fault,
        s.isPresent() ? String.format("%.1f s", s.getAsDouble()) : "none within the run")));
    return b.toString().stripTrailing();
  }

  private static Double seconds(OptionalDouble s) {
    return s.isPresent() ? Math.round(s.getAsDouble() * 10) / 10.0 : null;
  }

  private static String yes(boolean ok) {
    return ok ? "yes" : "NO";
  }
}
