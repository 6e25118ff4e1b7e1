package org.lpos.discovery;

/**
 * The experiment's numbers a discovery server is given together ({@code -n N -t T -m M}, all or
 * none, as the original's command line): N and T are checked and recorded, M is how many node
 * names must register before the instruction goes out and the start deadline is met.
 *
 * @param senateSeats N, the senate size of the experiment (recorded, not used by the server)
 * @param byzantine T, the Byzantine nodes of the experiment (recorded, not used by the server)
 * @param expected M, how many node names must register before the instruction is sent
 */
public record ExperimentSize(int senateSeats, int byzantine, int expected) {
  public ExperimentSize {
    if (senateSeats < 1) {
      throw new IllegalArgumentException("-n (senate seats) must be >= 1, got " + senateSeats);
    }
    int maxByzantine = (senateSeats - 1) / 3;
    if (byzantine < 0 || byzantine > maxByzantine) {
      throw new IllegalArgumentException("-t " + byzantine + " Byzantine nodes is not tolerable with -n "
          + senateSeats + ": need 0 <= T <= floor((N-1)/3) = " + maxByzantine);
    }
    if (expected < 1) {
      throw new IllegalArgumentException("-m (nodes to wait for) must be >= 1, got " + expected);
    }
  }
}
