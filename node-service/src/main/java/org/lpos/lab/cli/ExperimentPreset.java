package org.lpos.lab.cli;

import org.lpos.node.cli.UserInputException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.lpos.lab.byzantine.ByzantineMode;
import org.lpos.lab.netem.LinkProfile;
import java.util.stream.Collectors;

/**
 * The runs {@code lpos experiment --preset NAME} reproduces: every parameter of a known run of
 * the original prototype, as one local cluster. Only the population can change ({@code --nodes
 * K}); the options a preset sets ({@link #FIXED_OPTIONS}) are refused beside it, so a preset
 * never silently runs something else than its name says.
 */
enum ExperimentPreset {
  /**
   * The gumby run of the original's README (ORIGINAL.md, "The gumby run in its README"): 40
   * instances, discovery {@code -n 1 -t 0 -m 40 -l 100 --fan-out 5 --inst 30 tx-n-outputs 20},
   * nodes {@code 0 1 0 40 -d --discovery HOST --fan-out 10 --chain 10_rich_man --output_dir DIR
   * --ignore-promoter}. 10_rich_man gives stake to members 0-9 only, so at least those ten must
   * run, or the one seat may be drawn for a member nobody started and the chain stops.
   */
  GUMBY("gumby", 40, 10, 10, 1, 0, "tx-n-outputs", 20,
      new ClusterLaunch(Optional.of("10_rich_man"), 10, 5, 100, 30, List.of("-d", "--ignore-promoter"), true, List.of()));

  /** The presets for {@code --help}. */
  static final String HELP = "gumby: the original README's gumby run (40 nodes, n=1, t=0, tx-n-outputs 20, "
      + "10_rich_man, fan-out 10 (nodes) and 5 (discovery), -l 100, --inst 30), locally with 10 nodes unless "
      + "--nodes K (10-100).";

  /** The options of {@code lpos experiment} a preset sets, hence refused beside {@code --preset}. */
  static final List<String> FIXED_OPTIONS = List.of("--population", "--senate", "--byzantine", "--experiment",
      "--param");

  private final String presetName;
  private final int originalNodes;
  private final int localNodes;
  private final int minNodes;
  private final int seats;
  private final int byzantine;
  private final String experiment;
  private final double param;
  @SuppressWarnings("ImmutableEnumChecker") // a record of final values, never changed after construction
  private final ClusterLaunch launch;

  ExperimentPreset(String presetName, int originalNodes, int localNodes, int minNodes, int seats, int byzantine,
      String experiment, double param, ClusterLaunch launch) {
    this.presetName = presetName;
    this.originalNodes = originalNodes;
    this.localNodes = localNodes;
    this.minNodes = minNodes;
    this.seats = seats;
    this.byzantine = byzantine;
    this.experiment = experiment;
    this.param = param;
    this.launch = launch;
  }

  /** The preset called {@code name}; an unknown name is a user error listing the known ones. */
  static ExperimentPreset named(String name) {
    return Arrays.stream(values()).filter(p -> p.presetName.equals(name)).findFirst()
        .orElseThrow(() -> new UserInputException("--preset: no preset " + name + "; presets: " + names()));
  }

  static String names() {
    return Arrays.stream(values()).map(p -> p.presetName).collect(Collectors.joining(", "));
  }

  String presetName() {
    return presetName;
  }

  /** The nodes the original ran. */
  int originalNodes() {
    return originalNodes;
  }

  /**
   * The nodes to run here: {@code requested} ({@code --nodes}) when given and within bounds, else
   * the local default.
   */
  int nodes(Integer requested) {
    if (requested == null) {
      return localNodes;
    }
    if (requested < minNodes || requested > 100) {
      throw new UserInputException(String.format(Locale.ROOT, "--nodes must be %d-100 for --preset %s: %s gives"
          + " stake to members 0-%d, and a seat drawn for a member that is not running stops the chain",
          minNodes, presetName, launch.shippedChain().orElse("its chain"), minNodes - 1));
    }
    return requested;
  }

  /** The cluster of {@code nodes} nodes whose T members run {@code mode}, on links {@code links}. */
  LocalCluster.Layout layout(int nodes, ByzantineMode mode, LinkProfile links) {
    return new LocalCluster.Layout(nodes, seats, byzantine, mode, experiment, param, true, links);
  }

  ClusterLaunch launch() {
    return launch;
  }

  /**
   * One line saying that {@code nodes} is fewer than the original ran, and why; empty when it is
   * not.
   */
  Optional<String> reduction(int nodes, int cores) {
    if (nodes >= originalNodes) {
      return Optional.empty();
    }
    return Optional.of(String.format(Locale.ROOT, "%s: %d nodes instead of the original's %d: each node is a JVM,"
        + " and %d of them do not fit on %d core%s (the original ran 40 instances on 10 machines); --nodes %d runs"
        + " them all", presetName, nodes, originalNodes, originalNodes, cores, cores == 1 ? "" : "s",
        originalNodes));
  }
}
