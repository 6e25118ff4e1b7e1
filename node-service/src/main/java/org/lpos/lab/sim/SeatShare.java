package org.lpos.lab.sim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Byzantine members' share of the senate seats over a run's committed heights after a
 * burn-in, against their share of the stake, with a 95% confidence interval by batch means:
 * consecutive heights are correlated (the stake moves slowly, a ground seed favours the senate
 * that grinds the next one), so the heights are cut into {@link #BATCHES} consecutive batches and
 * the interval is Student's t over the batches' shares. View changes are the rounds beyond the
 * first that the measured heights needed: what withholding costs.
 *
 * @param heights the heights measured
 * @param byzantineSeats the seats Byzantine members held in them
 * @param seats the seats of their senates
 * @param stakeShare the Byzantine members' share of the stake in genesis
 * @param halfWidth95 half the width of the 95% interval of the share (NaN with fewer than two heights per batch)
 * @param viewChanges rounds beyond the first, summed over the measured heights
 */
public record SeatShare(int heights, long byzantineSeats, long seats, double stakeShare, double halfWidth95,
    long viewChanges) {
  /** Heights left out at the start: the first senates are seeded by genesis, not by the adversary. */
  public static final int BURN_IN_HEIGHTS = 5;
  /** Batches of the batch-means interval. */
  public static final int BATCHES = 10;
  /** Student's t quantile for 97.5% with {@code BATCHES - 1} = 9 degrees of freedom. */
  private static final double T_975_DF9 = 2.262;

  /**
   * The share over heights whose Byzantine seats are {@code byzantineSeatsPerHeight} and rounds
   * {@code roundPerHeight} (same order, burn-in already left out), with {@code seatsPerSenate}.
   */
  public static SeatShare of(List<Integer> byzantineSeatsPerHeight, List<Integer> roundPerHeight, int seatsPerSenate,
      double stakeShare) {
    int n = byzantineSeatsPerHeight.size();
    long byzantine = byzantineSeatsPerHeight.stream().mapToLong(Integer::longValue).sum();
    long views = roundPerHeight.stream().mapToLong(Integer::longValue).sum();
    int perBatch = n / BATCHES;
    double half = Double.NaN;
    if (perBatch >= 2) {
      double[] shares = new double[BATCHES];
      for (int b = 0; b < BATCHES; b++) {
        long sum = 0;
        for (int i = b * perBatch; i < (b + 1) * perBatch; i++) {
          sum += byzantineSeatsPerHeight.get(i);
        }
        shares[b] = sum / (double) (perBatch * seatsPerSenate);
      }
      double mean = 0;
      for (double s : shares) {
        mean += s / BATCHES;
      }
      double var = 0;
      for (double s : shares) {
        var += (s - mean) * (s - mean) / (BATCHES - 1);
      }
      half = T_975_DF9 * Math.sqrt(var / BATCHES);
    }
    return new SeatShare(n, byzantine, (long) n * seatsPerSenate, stakeShare, half, views);
  }

  /** The Byzantine share of the seats (NaN when no height was measured). */
  public double share() {
    return seats == 0 ? Double.NaN : byzantineSeats / (double) seats;
  }

  /** The fields of {@code lpos simulate --json}'s {@code seat_share} object. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("burn_in_heights", BURN_IN_HEIGHTS);
    m.put("heights", heights);
    m.put("byzantine_seats", byzantineSeats);
    m.put("seats", seats);
    m.put("share", finite(share()));
    m.put("ci95_low", finite(share() - halfWidth95));
    m.put("ci95_high", finite(share() + halfWidth95));
    m.put("ci_method", "batch means, " + BATCHES + " batches of consecutive heights, Student t");
    m.put("stake_share", stakeShare);
    m.put("view_changes", viewChanges);
    return m;
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
