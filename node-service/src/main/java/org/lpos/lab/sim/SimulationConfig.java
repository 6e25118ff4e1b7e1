package org.lpos.lab.sim;

import java.util.Locale;
import org.lpos.chain.workload.ExperimentSpec;
import org.lpos.node.consensus.ConsensusConfig;
import org.lpos.proto.v1.Experiment;
import org.lpos.proto.v1.Lottery;
import org.lpos.proto.v1.SeatDraw;
import org.lpos.lab.byzantine.ByzantineMode;

/**
 * Everything that determines a simulation run: with the same values (the seed included) a run
 * replays exactly. Faults that stop (drop, duplication, partitions, crashes) happen before
 * {@code faultsUntilMs} of simulated time; Byzantine members misbehave throughout.
 *
 * @param nodes simulated nodes
 * @param senateSeats N, the seats drawn per height
 * @param byzantine T, the first T members are Byzantine
 * @param byzantineMode how they misbehave
 * @param heights heights every honest node must commit
 * @param seed the seed of the one random generator
 * @param drop probability that a message is lost (before {@code faultsUntilMs})
 * @param duplicate probability that a message is delivered twice (before {@code faultsUntilMs})
 * @param partitions how many partitions (symmetric or one-way) start and heal before {@code faultsUntilMs}
 * @param crashes how many crash-and-restart episodes of honest nodes happen before {@code faultsUntilMs}
 * @param experiment the workload
 * @param param the workload's parameter (rate R or outputs K)
 * @param fanOut peers each node samples for gossip
 * @param links how long a message takes ({@link SimulatedLinks#DEFAULT} unless {@code --netem} says otherwise)
 * @param faultsUntilMs simulated time after which no new fault starts and every fault has healed
 * @param livenessBoundMs after the faults, each honest node must commit within this time of its last commit
 * @param consensus the nodes' consensus configuration
 * @param seatDraw how the chain draws its senate (PROTOCOL §5): the original's draw, or distinct
 *     members as the chains of {@code lpos demo} and {@code experiment} do
 * @param lottery what seeds each height's draw (PROTOCOL §6, §6a): the director competition or the VRF
 * @param grindTries K, the alternatives a member of {@link ByzantineMode#GRIND} tries per decision
 */
public record SimulationConfig(
    int nodes,
    int senateSeats,
    int byzantine,
    ByzantineMode byzantineMode,
    int heights,
    long seed,
    double drop,
    double duplicate,
    int partitions,
    int crashes,
    Experiment experiment,
    double param,
    int fanOut,
    SimulatedLinks links,
    long faultsUntilMs,
    long livenessBoundMs,
    ConsensusConfig consensus,
    SeatDraw seatDraw,
    Lottery lottery,
    int grindTries) {

  /** Members derived for a simulation: at least this many, so the first 100 can hold stake. */
  public static final int MIN_MEMBERS = 100;

  /** Validates the values; a bad one is an {@link IllegalArgumentException} with a one-line reason. */
  public SimulationConfig {
    require(nodes >= 1, "--nodes must be at least 1");
    require(senateSeats >= 1, "--senate must be at least 1");
    require(byzantine >= 0 && byzantine < Math.min(nodes, MIN_MEMBERS),
        "--byzantine must be between 0 and the stakeholders (min(nodes, 100)) minus one");
    require(heights >= 1, "--heights must be at least 1");
    require(drop >= 0 && drop < 1, "--drop must be in [0, 1)");
    require(duplicate >= 0 && duplicate < 1, "--duplicate must be in [0, 1)");
    require(partitions >= 0 && crashes >= 0, "--partition and --crash must not be negative");
    require(crashes == 0 || nodes > byzantine, "--crash needs honest nodes");
    new ExperimentSpec(experiment, param);
    require(experiment != Experiment.EXPERIMENT_LOAD_CLOSED,
        "load-closed is not simulated: its window follows measured commit latency; use load-rate R");
    require(param <= 1_000, "--param must be at most 1000 in a simulation");
    require(fanOut >= 1, "--fan-out must be at least 1");
    require(links != null, "links must be given");
    require(faultsUntilMs >= 0, "--faults-until-ms must not be negative");
    require(livenessBoundMs > 0, "--liveness-bound-ms must be positive");
    require(seatDraw != null && seatDraw != SeatDraw.UNRECOGNIZED, "--seat-draw must be original or distinct");
    require(lottery != null && lottery != Lottery.UNRECOGNIZED, "--lottery must be director or vrf");
    require(grindTries >= 1 && grindTries <= MAX_GRIND_TRIES,
        "--grind-tries must be between 1 and " + MAX_GRIND_TRIES + ", not " + grindTries);
  }

  /** The most alternatives a grinding member may try per decision (a height costs about 2K signatures each). */
  public static final int MAX_GRIND_TRIES = 4_096;

  /** A run on a chain with the original's seat draw. */
  public SimulationConfig(int nodes, int senateSeats, int byzantine, ByzantineMode byzantineMode, int heights, long seed,
      double drop, double duplicate, int partitions, int crashes, Experiment experiment, double param, int fanOut,
      SimulatedLinks links, long faultsUntilMs, long livenessBoundMs, ConsensusConfig consensus) {
    this(nodes, senateSeats, byzantine, byzantineMode, heights, seed, drop, duplicate, partitions, crashes, experiment,
        param, fanOut, links, faultsUntilMs, livenessBoundMs, consensus,
        SeatDraw.SEAT_DRAW_WITH_REPLACEMENT, Lottery.LOTTERY_DIRECTOR, 1);
  }

  /** The same run on a chain whose senate is drawn by {@code draw}. */
  public SimulationConfig withSeatDraw(SeatDraw draw) {
    return new SimulationConfig(nodes, senateSeats, byzantine, byzantineMode, heights, seed, drop, duplicate,
        partitions, crashes, experiment, param, fanOut, links, faultsUntilMs, livenessBoundMs, consensus, draw,
        lottery, grindTries);
  }

  /** The same run on a chain whose draw is seeded by {@code chosen}. */
  public SimulationConfig withLottery(Lottery chosen) {
    return new SimulationConfig(nodes, senateSeats, byzantine, byzantineMode, heights, seed, drop, duplicate,
        partitions, crashes, experiment, param, fanOut, links, faultsUntilMs, livenessBoundMs, consensus, seatDraw,
        chosen, grindTries);
  }

  /** The same run with grinding members trying {@code tries} alternatives. */
  public SimulationConfig withGrindTries(int tries) {
    return new SimulationConfig(nodes, senateSeats, byzantine, byzantineMode, heights, seed, drop, duplicate,
        partitions, crashes, experiment, param, fanOut, links, faultsUntilMs, livenessBoundMs, consensus, seatDraw,
        lottery, tries);
  }

  /** The defaults of the command line for a population, seats, Byzantine count, heights and seed. */
  public static SimulationConfig defaults(int nodes, int seats, int byzantine, int heights, long seed) {
    return new SimulationConfig(nodes, seats, byzantine, ByzantineMode.EQUIVOCATE, heights, seed, 0, 0, 0, 0,
        Experiment.EXPERIMENT_TX_RATE, 1, 8, SimulatedLinks.DEFAULT, 10_000, 60_000, ConsensusConfig.defaults());
  }

  /** The command that replays this run. */
  public String replayCommand() {
    StringBuilder b = new StringBuilder("./lpos simulate");
    b.append(" --nodes ").append(nodes).append(" --senate ").append(senateSeats)
        .append(" --byzantine ").append(byzantine).append(" --byzantine-mode ").append(byzantineMode.cliName())
        .append(" --heights ").append(heights).append(" --seed ").append(seed)
        .append(" --drop ").append(number(drop)).append(" --duplicate ").append(number(duplicate))
        .append(" --partition ").append(partitions).append(" --crash ").append(crashes)
        .append(" --experiment ").append(ExperimentSpec.cliName(experiment));
    if (experiment != Experiment.EXPERIMENT_BOOTSTRAP_ONLY) {
      b.append(" --param ").append(number(param));
    }
    b.append(" --fan-out ").append(fanOut).append(" --faults-until-ms ").append(faultsUntilMs)
        .append(" --liveness-bound-ms ").append(livenessBoundMs);
    if (links instanceof SimulatedLinks.Netem n) {
      b.append(" --netem '").append(n.profile().spec()).append('\'');
    }
    if (seatDraw == SeatDraw.SEAT_DRAW_DISTINCT_MEMBERS) {
      b.append(" --seat-draw distinct");
    }
    if (lottery == Lottery.LOTTERY_VRF) {
      b.append(" --lottery vrf");
    }
    if (byzantineMode == ByzantineMode.GRIND) {
      b.append(" --grind-tries ").append(grindTries);
    }
    return b.toString();
  }

  /**
   * When the faults that stop have stopped: {@code faultsUntilMs}, or 0 for a run without such
   * faults (the amnesia adversary's crashes and cuts are such faults).
   */
  public long faultsEndMs() {
    boolean faults = drop > 0 || duplicate > 0 || partitions > 0 || crashes > 0 || byzantineMode == ByzantineMode.AMNESIA;
    return faults ? faultsUntilMs : 0;
  }

  /** The CSV's {@code netem} column: the profile of {@code --netem}, or the simulator's own model. */
  public String netemColumn() {
    if (links instanceof SimulatedLinks.Netem n) {
      return n.profile().spec();
    }
    if (links instanceof SimulatedLinks.Exponential e) {
      return "simulator default: " + e.baseMs() + "ms + exponential jitter of mean " + e.meanJitterMs() + "ms";
    }
    throw new IllegalStateException("unknown link model " + links);
  }

  /** The workload with its parameter, as the one definition reads it. */
  public ExperimentSpec workload() {
    return new ExperimentSpec(experiment, param);
  }

  /** Members that hold stake in genesis: the first min(nodes, 100). */
  public int stakeholders() {
    return Math.min(nodes, MIN_MEMBERS);
  }

  private static String number(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
