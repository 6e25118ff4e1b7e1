package org.lpos.lab.perturb;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.lpos.lab.perturb.Perturbation.Heal;
import org.lpos.lab.perturb.Perturbation.Kill;
import org.lpos.lab.perturb.Perturbation.Partition;
import org.lpos.lab.perturb.Perturbation.Pause;
import org.lpos.lab.perturb.Perturbation.Restart;

/**
 * A perturbation schedule, in a syntax close to CometBFT's e2e manifests: comma-separated
 * entries, each at a time after the schedule's zero (the network is up: a block committed on
 * every node),
 * <pre>
 *   kill:node-2@20s,restart:node-2@30s,pause:node-1@40s+8s,partition:{0,1}|{2,3}@55s+10s,heal@70s
 * </pre>
 * {@code kill:N@T} (SIGKILL), {@code restart:N@T} (of a killed node, on its data),
 * {@code pause:N@T+D} (SIGSTOP, SIGCONT after D), {@code partition:{..}|{..}@T[+D]} (every node in
 * exactly one group; without D until {@code heal@T}, which restores every link and may also
 * follow a partition that healed itself). A node is {@code node-I} or {@code I}; times
 * are {@code 20s}, {@code 1500ms}, {@code 2m}. The schedule is checked whole before anything
 * starts: a node is killed only while up, restarted only while killed, paused only while up and
 * not paused; one partition at a time; every fault ends within the run.
 */
public final class PerturbationSchedule {
  /** The longest spec read: enough for dozens of entries, and a bound on what a typo can cost. */
  public static final int MAX_SPEC_CHARS = 1_000;
  /** The most entries in one schedule. */
  public static final int MAX_ENTRIES = 50;

  private static final Pattern ENTRY = Pattern.compile("([a-z]+)(?::([^@]+))?@([0-9a-z]+)(?:\\+([0-9a-z]+))?");
  private static final Pattern NODE = Pattern.compile("(?:node-)?([0-9]{1,3})");
  private static final Pattern TIME = Pattern.compile("([0-9]{1,7})(ms|s|m)?");

  private final List<Perturbation> perturbations;
  private final int nodes;

  private PerturbationSchedule(List<Perturbation> perturbations, int nodes) {
    this.perturbations = List.copyOf(perturbations);
    this.nodes = nodes;
  }

  /** An empty schedule: a run without perturbations. */
  public static PerturbationSchedule none(int nodes) {
    return new PerturbationSchedule(List.of(), nodes);
  }

  /**
   * Reads {@code spec} for a cluster of {@code nodes} node processes running {@code runMs}.
   *
   * @throws IllegalArgumentException naming the entry that is wrong and why
   */
  public static PerturbationSchedule parse(String spec, int nodes, long runMs) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("empty schedule: give e.g. \"kill:node-2@20s,restart:node-2@30s\"");
    }
    if (spec.length() > MAX_SPEC_CHARS) {
      throw new IllegalArgumentException("schedule longer than " + MAX_SPEC_CHARS + " characters");
    }
    List<String> entries = entries(spec.toLowerCase(Locale.ROOT).replaceAll("\\s+", ""));
    if (entries.size() > MAX_ENTRIES) {
      throw new IllegalArgumentException("more than " + MAX_ENTRIES + " entries");
    }
    List<Perturbation> parsed = new ArrayList<>();
    for (String entry : entries) {
      parsed.add(entry(entry, nodes, runMs));
    }
    parsed.sort(Comparator.comparingLong(Perturbation::atMs));
    PerturbationSchedule schedule = new PerturbationSchedule(parsed, nodes);
    schedule.checkOrder();
    return schedule;
  }

  /** The perturbations in time order. */
  public List<Perturbation> perturbations() {
    return perturbations;
  }

  public boolean isEmpty() {
    return perturbations.isEmpty();
  }

  /** Whether any entry partitions the network (the cluster then puts relays on every link). */
  public boolean partitions() {
    return perturbations.stream().anyMatch(p -> p instanceof Partition);
  }

  /** The schedule in the syntax {@link #parse} reads, in time order. */
  public String describe() {
    return perturbations.stream().map(Perturbation::describe).collect(Collectors.joining(","));
  }

  /**
   * What the launcher does, in time order: each entry's action, plus the end of every pause and of
   * every partition with a duration. At the same instant an end comes before a start, so
   * {@code pause:1@10s+5s,pause:1@15s+5s} is one node paused twice in a row.
   */
  public List<FaultAction> actions() {
    List<FaultAction> actions = new ArrayList<>();
    for (Perturbation p : perturbations) {
      if (p instanceof Kill k) {
        actions.add(new FaultAction(k.atMs(), FaultAction.Kind.KILL, k, k.node()));
      } else if (p instanceof Restart r) {
        actions.add(new FaultAction(r.atMs(), FaultAction.Kind.RESTART, r, r.node()));
      } else if (p instanceof Pause pause) {
        actions.add(new FaultAction(pause.atMs(), FaultAction.Kind.PAUSE, pause, pause.node()));
        actions.add(new FaultAction(pause.atMs() + pause.durationMs(), FaultAction.Kind.RESUME, pause, pause.node()));
      } else if (p instanceof Partition part) {
        actions.add(new FaultAction(part.atMs(), FaultAction.Kind.PARTITION, part, -1));
        part.durationMs().ifPresent(d -> actions.add(new FaultAction(part.atMs() + d, FaultAction.Kind.HEAL, part, -1)));
      } else if (p instanceof Heal h) {
        actions.add(new FaultAction(h.atMs(), FaultAction.Kind.HEAL, h, -1));
      } else {
        throw new IllegalStateException("unknown perturbation " + p);
      }
    }
    actions.sort(Comparator.comparingLong(FaultAction::atMs).thenComparing(a -> !a.kind().ends()));
    return actions;
  }

  /** The span of every fault: kills until their restart, pauses, partitions until they heal. */
  public List<FaultWindow> windows() {
    List<FaultWindow> windows = new ArrayList<>();
    for (int i = 0; i < perturbations.size(); i++) {
      Perturbation p = perturbations.get(i);
      List<Perturbation> later = perturbations.subList(i + 1, perturbations.size());
      if (p instanceof Kill k) {
        OptionalLong restart = later.stream().filter(q -> q instanceof Restart r && r.node() == k.node())
            .mapToLong(Perturbation::atMs).findFirst();
        windows.add(new FaultWindow(k, k.atMs(), restart, Set.of(k.node()), "node-" + k.node() + " killed"));
      } else if (p instanceof Pause pause) {
        windows.add(new FaultWindow(pause, pause.atMs(), OptionalLong.of(pause.atMs() + pause.durationMs()),
            Set.of(pause.node()), "node-" + pause.node() + " paused"));
      } else if (p instanceof Partition part) {
        OptionalLong end = part.durationMs().isPresent() ? OptionalLong.of(part.atMs() + part.durationMs().getAsLong())
            : later.stream().filter(q -> q instanceof Heal).mapToLong(Perturbation::atMs).findFirst();
        String sides = part.describe().substring("partition:".length(), part.describe().indexOf('@'));
        windows.add(new FaultWindow(part, part.atMs(), end, IntStream.range(0, nodes).boxed().collect(Collectors.toSet()),
            "partition " + sides));
      }
    }
    return windows;
  }

  /** The nodes still killed at the end of the schedule (no restart followed). */
  public Set<Integer> killedAtEnd() {
    Set<Integer> killed = new HashSet<>();
    for (Perturbation p : perturbations) {
      if (p instanceof Kill k) {
        killed.add(k.node());
      } else if (p instanceof Restart r) {
        killed.remove(r.node());
      }
    }
    return killed;
  }

  /**
   * When the last fault ended, ms after the schedule's zero: the latest window end, or the start of a
   * window that never ends (a node left killed), or of a lone restart or heal.
   */
  public long lastEndMs() {
    long last = perturbations.stream().mapToLong(Perturbation::atMs).max().orElse(0);
    for (FaultWindow w : windows()) {
      last = Math.max(last, w.endMs().orElse(w.startMs()));
    }
    return last;
  }

  private static List<String> entries(String spec) {
    List<String> entries = new ArrayList<>();
    int depth = 0;
    int from = 0;
    for (int i = 0; i < spec.length(); i++) {
      char c = spec.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
      }
      if (depth < 0 || depth > 1) {
        throw new IllegalArgumentException("unbalanced braces at character " + (i + 1) + " of \"" + spec + "\"");
      }
      if (c == ',' && depth == 0) {
        entries.add(spec.substring(from, i));
        from = i + 1;
      }
    }
    if (depth != 0) {
      throw new IllegalArgumentException("a '{' is not closed in \"" + spec + "\"");
    }
    entries.add(spec.substring(from));
    return entries;
  }

  private static Perturbation entry(String entry, int nodes, long runMs) {
    Matcher m = ENTRY.matcher(entry);
    if (!m.matches()) {
      throw new IllegalArgumentException("cannot read \"" + entry + "\": entries look like kill:node-2@20s,"
          + " restart:node-2@30s, pause:node-1@40s+8s, partition:{0,1}|{2,3}@55s+10s, heal@70s");
    }
    String kind = m.group(1);
    String target = m.group(2);
    long at = time(entry, m.group(3));
    OptionalLong duration = m.group(4) == null ? OptionalLong.empty() : OptionalLong.of(time(entry, m.group(4)));
    Perturbation p = switch (kind) {
      case "kill" -> new Kill(node(entry, target, nodes), at);
      case "restart" -> new Restart(node(entry, target, nodes), at);
      case "pause" -> new Pause(node(entry, target, nodes), at,
          duration.orElseThrow(() -> new IllegalArgumentException("\"" + entry + "\": a pause needs +DURATION,"
              + " e.g. pause:node-1@40s+8s")));
      case "partition" -> new Partition(groups(entry, target, nodes), at, duration);
      case "heal" -> {
        if (target != null) {
          throw new IllegalArgumentException("\"" + entry + "\": heal takes no target: heal@70s");
        }
        yield new Heal(at);
      }
      default -> throw new IllegalArgumentException("unknown perturbation \"" + kind + "\" in \"" + entry
          + "\": kill, restart, pause, partition, heal");
    };
    if (duration.isPresent() && !(p instanceof Pause || p instanceof Partition)) {
      throw new IllegalArgumentException("\"" + entry + "\": only pause and partition take +DURATION");
    }
    if (duration.isPresent() && duration.getAsLong() == 0) {
      throw new IllegalArgumentException("\"" + entry + "\": the duration must be more than 0");
    }
    if (at + duration.orElse(0) >= runMs) {
      throw new IllegalArgumentException("\"" + entry + "\" does not end within the run of "
          + Perturbation.time(runMs));
    }
    return p;
  }

  private static int node(String entry, String target, int nodes) {
    if (target == null) {
      throw new IllegalArgumentException("\"" + entry + "\": name the node, e.g. node-2");
    }
    Matcher m = NODE.matcher(target);
    if (!m.matches()) {
      throw new IllegalArgumentException("\"" + entry + "\": \"" + target + "\" is not a node (node-I or I)");
    }
    int node = Integer.parseInt(m.group(1));
    if (node >= nodes) {
      throw new IllegalArgumentException("\"" + entry + "\": node-" + node + " does not exist; the nodes are node-0"
          + " to node-" + (nodes - 1));
    }
    return node;
  }

  private static List<Set<Integer>> groups(String entry, String target, int nodes) {
    if (target == null || !target.startsWith("{") || !target.endsWith("}")) {
      throw new IllegalArgumentException("\"" + entry + "\": a partition is groups like {0,1}|{2,3}");
    }
    List<Set<Integer>> groups = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    for (String group : target.substring(1, target.length() - 1).split("\\}\\|\\{", -1)) {
      Set<Integer> members = new HashSet<>();
      for (String node : group.split(",", -1)) {
        int n = node(entry, node, nodes);
        if (!seen.add(n)) {
          throw new IllegalArgumentException("\"" + entry + "\": node-" + n + " is in two groups");
        }
        members.add(n);
      }
      groups.add(members);
    }
    if (groups.size() < 2) {
      throw new IllegalArgumentException("\"" + entry + "\": a partition needs at least two groups");
    }
    if (seen.size() != nodes) {
      throw new IllegalArgumentException("\"" + entry + "\": every node must be in one group; missing "
          + IntStream.range(0, nodes).filter(i -> !seen.contains(i)).mapToObj(i -> "node-" + i)
              .collect(Collectors.joining(", ")));
    }
    return groups;
  }

  private static long time(String entry, String text) {
    Matcher m = TIME.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("\"" + entry + "\": \"" + text + "\" is not a time (20s, 1500ms, 2m)");
    }
    long value = Long.parseLong(m.group(1));
    String unit = Optional.ofNullable(m.group(2)).orElse("s");
    return switch (unit) {
      case "ms" -> value;
      case "m" -> value * 60_000;
      default -> value * 1_000;
    };
  }

  /** Replays the actions in order and refuses a schedule that does what cannot be done. */
  private void checkOrder() {
    Set<Integer> killed = new HashSet<>();
    Set<Integer> paused = new HashSet<>();
    Partition partitioned = null;
    boolean everPartitioned = false;
    for (FaultAction a : actions()) {
      String entry = "\"" + a.cause().describe() + "\"";
      switch (a.kind()) {
        case KILL -> {
          if (killed.contains(a.node()) || paused.contains(a.node())) {
            throw new IllegalArgumentException(entry + ": node-" + a.node() + " is already "
                + (killed.contains(a.node()) ? "killed" : "paused") + " then");
          }
          killed.add(a.node());
        }
        case RESTART -> {
          if (!killed.remove(a.node())) {
            throw new IllegalArgumentException(entry + ": node-" + a.node() + " is not killed then; restart follows"
                + " a kill");
          }
        }
        case PAUSE -> {
          if (killed.contains(a.node()) || !paused.add(a.node())) {
            throw new IllegalArgumentException(entry + ": node-" + a.node() + " is already "
                + (killed.contains(a.node()) ? "killed" : "paused") + " then");
          }
        }
        case RESUME -> paused.remove(a.node());
        case PARTITION -> {
          if (partitioned != null) {
            throw new IllegalArgumentException(entry + ": the network is already partitioned then; heal first");
          }
          partitioned = (Partition) a.cause();
          everPartitioned = true;
        }
        case HEAL -> {
          if (a.cause() instanceof Heal && !everPartitioned) {
            throw new IllegalArgumentException(entry + ": nothing to heal, no partition comes before it");
          }
          if (a.cause() instanceof Heal && partitioned != null && partitioned.durationMs().isPresent()) {
            throw new IllegalArgumentException(entry + ": \"" + partitioned.describe() + "\" heals itself; give"
                + " either its +DURATION or a heal");
          }
          partitioned = null;
        }
        default -> throw new IllegalStateException("unknown action " + a.kind());
      }
    }
  }
}
