package org.lpos.node.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lpos.testing.Eventually.await;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lpos.chain.chainfile.MemberFiles;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.genesis.GenesisBuilder;
import org.lpos.lab.attack.Attack;
import org.lpos.lab.attack.AttackTarget;
import org.lpos.lab.attack.BadBlockGossipAttack;
import org.lpos.lab.attack.BalanceStormAttack;
import org.lpos.lab.attack.HugeHelloAttack;
import org.lpos.lab.attack.NextHeightJunkAttack;
import org.lpos.lab.attack.OversizedFrameAttack;
import org.lpos.lab.attack.TicketFloodAttack;
import org.lpos.lab.attack.TransactionFloodAttack;
import org.lpos.lab.attack.UnreadBlockRequestsAttack;
import org.lpos.lab.attack.UnreadWatchersAttack;
import org.lpos.proto.v1.ConnectedPeer;
import org.lpos.proto.v1.GetPeersRequest;

/**
 * Issue 14 item 8: the attack suite of {@code org.lpos.lab.attack} against one real cluster of
 * four {@code lpos node} processes (four seats, equal stakes, a low {@code tx-rate} load so blocks
 * keep coming), each JVM with the heap the Kubernetes manifest gives a node (the image's
 * {@code -XX:MaxRAMPercentage=50} of the pod's 1 GiB limit, and {@code -XX:+ExitOnOutOfMemoryError}
 * as in the image). The attacks run one after another on the same cluster to keep the suite
 * short; each gets a baseline window just before it, and a node an earlier attack killed or
 * wedged is restarted first, so each attack is judged on its own. Each asserts, over its window:
 *
 * <ul>
 *   <li>commits go on: the slowest node commits at least {@value #MIN_RATE_FRACTION} of its
 *       baseline heights per second, and at least {@value #MIN_HEIGHTS_UNDER_ATTACK} heights;
 *   <li>no honest peer is disconnected: every node that answers GetPeers lists the other three;
 *   <li>memory stays bounded: every node's peak RSS ({@code VmHWM}) under the pod limit and under
 *       the heap limit plus {@value #NON_HEAP_ALLOWANCE_MIB} MiB for everything else (metaspace,
 *       code, thread stacks, Netty's direct buffers, RocksDB), and no node dies;
 *   <li>the node's log stays small: it grows by at most {@value #LOG_GROWTH_LIMIT_BYTES} bytes.
 * </ul>
 *
 * <p>Each attack prints one {@code ATTACK name=...} line and the suite ends with a markdown table
 * of all of them (baseline and under-attack heights/s, peak RSS per node), for docs/security.md.
 * The seed is fixed and printed; each attack's seed is it plus the attack's order. The attacker
 * is {@code ./lpos attack NAME} in its own process, so the command an operator runs is the one
 * tested. Tagged {@code attacks}: part of {@code ./mvnw verify}; {@code -Pno-attacks} (node-service's
 * pom) leaves it out of a quick run.
 */
@Tag("attacks")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NetworkEdgeAttackIT {
  private static final long SEED = 14_2026_12_03L;
  private static final int SEATS = 4;
  /** Transactions per second per node: enough that blocks keep coming, far from saturating two cores. */
  private static final int TX_RATE = 40;
  /**
   * Every node waits this long before each peer message it sends ({@code --send-delay-ms}, the
   * original's slow-network knob), which paces the cluster at roughly a third of its unpaced rate.
   * Unpaced, four nodes on two cores commit 40-odd heights/s with no CPU to spare, and the rate
   * ratio then measures the share of the cores an attack's traffic takes, not whether a node lets
   * the attack in (huge-hellos measured 0.49 that way). Paced, the baseline leaves CPU idle, as a
   * real network's latency would.
   */
  private static final int SEND_DELAY_MS = 20;
  /** The pod's memory limit (k8s/base/node-statefulset.yaml). */
  private static final long POD_LIMIT_MIB = 1024;
  /** The image runs {@code java -XX:MaxRAMPercentage=50}: half the pod's limit. */
  private static final long HEAP_MIB = POD_LIMIT_MIB / 2;
  /**
   * Resident memory beyond the heap a node may hold: metaspace and code (~80 MiB), thread stacks,
   * Netty's pooled direct buffers, RocksDB's memtables and block cache. An idle node measured
   * well under this; the allowance leaves the pod's last 128 MiB unused.
   */
  private static final long NON_HEAP_ALLOWANCE_MIB = 384;
  private static final long BASELINE_MS = 6_000;
  private static final long ATTACK_MS = 12_000;
  /**
   * Under attack the slowest node must commit at least this fraction of its baseline rate. Half
   * leaves room for four JVMs and the attacker sharing two cores (the attacker's own CPU is part of
   * the cost), which no node can avoid; a node that lets the attack in falls far below it.
   */
  private static final double MIN_RATE_FRACTION = 0.5;
  private static final long MIN_HEIGHTS_UNDER_ATTACK = 5;
  /**
   * A node's log may grow by this much in an attack window: the node's own refusal lines and
   * grpc-java/Netty's transport warnings are rate-limited ({@code TransportLogFilter}). Before that
   * filter, every refused frame wrote a 5 KB stack trace and nodes grew 350-1,000 KiB per attack.
   */
  private static final long LOG_GROWTH_LIMIT_BYTES = 64 << 10;
  /** Past this growth of any node's log the attack is stopped, to spare the disk; the test fails. */
  private static final long LOG_ABORT_BYTES = 256L << 20;
  private static final long WARM_UP_HEIGHTS = 50;
  /** A cluster has recovered from an attack once it commits at this fraction of its fresh rate. */
  private static final double RECOVERED_FRACTION = 0.6;
  private static final long RECOVERY_SECONDS = 45;
  private static final long PROBE_MS = 3_000;
  /** Longest the attacker may take to build its junk and open its connections. */
  private static final long ATTACK_SETUP_SECONDS = 150;
  /** The member whose key the attacker holds: a stakeholder with one coin, which runs no node. */
  private static final int ATTACKER_MEMBER = 4;
  private static final long ATTACKER_STAKE = 1;

  @TempDir
  static Path dir;

  private LaunchedProcesses run;
  private DurableCluster cluster;
  private final List<ByteString> honest = new ArrayList<>();
  private AttackTarget target;
  private Path attackerKeyFile;
  /**
   * The best heights/s of the slowest node seen in any window without an attack so far: the pace a
   * recovered cluster must come back to (a single window can catch a slow moment).
   */
  private double reference;
  private final List<String> rows = new ArrayList<>();

  @BeforeAll
  void startCluster() throws Exception {
    System.out.println("NetworkEdgeAttackIT seed " + SEED);
    run = new LaunchedProcesses(dir, List.of("-Xmx" + HEAP_MIB + "m", "-XX:+ExitOnOutOfMemoryError",
        "-XX:TieredStopAtLevel=1"));
    KeyPair attacker = MemberFiles.readMembers(LaunchedProcesses.HOME.resolve("data/members.json"))
        .get(ATTACKER_MEMBER).keys();
    cluster = new DurableCluster(run, dir, "lpos-attack-it", SEATS, new long[] {250_000, 250_000, 250_000, 250_000},
        List.of(new GenesisBuilder.Allocation(attacker.publicKey(), ATTACKER_STAKE)));
    cluster.start(TX_RATE, List.of("--send-delay-ms", String.valueOf(SEND_DELAY_MS)));
    List<String> nodes = new ArrayList<>();
    for (int i = 0; i < DurableCluster.NODES; i++) {
      honest.add(cluster.publicKey(i));
      nodes.add("127.0.0.1:" + cluster.port(i));
    }
    target = new AttackTarget(nodes, false, Optional.of(attacker));
    attackerKeyFile = dir.resolve("attacker-key.json");
    MemberFiles.writeKey(attackerKeyFile, MemberFiles.readMembers(LaunchedProcesses.HOME.resolve("data/members.json"))
        .get(ATTACKER_MEMBER));
    reference = ClusterWindow.measure(cluster, honest, BASELINE_MS, () -> false).slowestRate();
    System.out.printf(Locale.ROOT, "reference rate of the fresh cluster: %.2f heights/s%n", reference);
    long started = cluster.headWithout(-1);
    await(WARM_UP_HEIGHTS + " heights of warm-up", 90,
        () -> Arrays.stream(ClusterWindow.heights(cluster)).allMatch(h -> h >= started + WARM_UP_HEIGHTS),
        cluster::heights);
  }

  @AfterAll
  void stopCluster() throws InterruptedException {
    System.out.println("| attack | baseline heights/s | under attack heights/s | peak RSS per node, MiB | log growth, KiB | verdict |");
    System.out.println("|---|---|---|---|---|---|");
    rows.forEach(System.out::println);
    if (run != null) {
      run.close();
    }
  }

  /**
   * No attack: two windows back to back, to show the noise of the measurement itself on this
   * machine (a ratio far from 1 here means the numbers below are not to be trusted).
   */
  @Test @Order(0) @Timeout(420)
  void controlWithoutAttack() throws Exception {
    ensureHealthy();
    ClusterWindow first = ClusterWindow.measure(cluster, honest, BASELINE_MS, () -> false);
    ClusterWindow second = ClusterWindow.measure(cluster, honest, ATTACK_MS, () -> false);
    reference = Math.max(reference, Math.max(first.slowestRate(), second.slowestRate()));
    System.out.println(String.format(Locale.ROOT, "ATTACK name=none verdict=CONTROL baseline_hps=%.2f attack_hps=%.2f"
        + " ratio=%.2f vmhwm_mib=%s", first.slowestRate(), second.slowestRate(),
        second.slowestRate() / Math.max(first.slowestRate(), 1e-9), ClusterWindow.mib(second.peakRssKb())));
    rows.add(String.format(Locale.ROOT, "| (none: control) | %.1f | %.1f (%.0f%%) | %s | | |", first.slowestRate(),
        second.slowestRate(), 100 * second.slowestRate() / Math.max(first.slowestRate(), 1e-9),
        ClusterWindow.mib(second.peakRssKb()).replace(", ", "/")));
    assertTrue(second.peakRssMib() <= Math.min(POD_LIMIT_MIB, HEAP_MIB + NON_HEAP_ALLOWANCE_MIB),
        "an idle node's RSS is over the bound: " + second);
  }

  @Test @Order(1) @Timeout(420)
  void transactionBatchesAtLineRate() throws Exception {
    attack(new TransactionFloodAttack(), 1);
  }

  @Test @Order(2) @Timeout(420)
  void blockRequestsNeverRead() throws Exception {
    attack(new UnreadBlockRequestsAttack(), 2);
  }

  @Test @Order(3) @Timeout(420)
  void fiveMibFrames() throws Exception {
    attack(new OversizedFrameAttack(), 3);
  }

  @Test @Order(4) @Timeout(420)
  void hellosWithHugeChainIds() throws Exception {
    attack(new HugeHelloAttack(), 4);
  }

  @Test @Order(5) @Timeout(420)
  void nextHeightJunkAndOversizedProposals() throws Exception {
    attack(new NextHeightJunkAttack(), 5);
  }

  @Test @Order(6) @Timeout(420)
  void ticketsWithZeroSignatures() throws Exception {
    attack(new TicketFloodAttack(), 6);
  }

  @Test @Order(7) @Timeout(420)
  void gossipedBlocksWithBadCertificates() throws Exception {
    attack(new BadBlockGossipAttack(), 7);
  }

  @Test @Order(8) @Timeout(420)
  void watchersThatNeverRead() throws Exception {
    attack(new UnreadWatchersAttack(), 8);
  }

  @Test @Order(9) @Timeout(420)
  void concurrentBalanceQueries() throws Exception {
    attack(new BalanceStormAttack(), 9);
  }

  private void attack(Attack attack, int order) throws Exception {
    List<String> restarted = ensureHealthy();
    ClusterWindow baseline = ClusterWindow.measure(cluster, honest, BASELINE_MS, () -> false);
    reference = Math.max(reference, baseline.slowestRate());
    long[] logAtStart = logSizes();
    Process attacker = run.program("attacker-" + attack.name(), attackerCommand(attack, SEED + order));
    // The window opens once the attacker has built its junk and opened its connections, which it
    // does at normal priority (niced from the start, a busy machine starved it for minutes); then
    // every thread of it is niced for the window, and back after it for a quick teardown.
    await("the attack to be in effect", ATTACK_SETUP_SECONDS, () -> run.output("attacker-" + attack.name())
        .contains("attack in effect") || !attacker.isAlive(), () -> run.output("attacker-" + attack.name()));
    ProcessPriority.renice(attacker, ProcessPriority.LOWEST);
    AtomicBoolean logAborted = new AtomicBoolean();
    ClusterWindow under = ClusterWindow.measure(cluster, honest, ATTACK_MS, () -> {
      if (max(growth(logAtStart)) > LOG_ABORT_BYTES) {
        logAborted.set(true);
      }
      return logAborted.get() || !attacker.isAlive();
    });
    ProcessPriority.renice(attacker, ProcessPriority.NORMAL);
    if (logAborted.get()) {
      attacker.destroy();
    }
    if (!attacker.waitFor(60, TimeUnit.SECONDS)) {
      attacker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    Optional<String> reportLine = run.output("attacker-" + attack.name()).lines()
        .filter(l -> l.startsWith("attack=")).findFirst();
    long[] logGrowth = growth(logAtStart);
    List<String> dead = new ArrayList<>();
    for (int i = 0; i < DurableCluster.NODES; i++) {
      Process p = cluster.process(i);
      if (!p.isAlive()) {
        dead.add("node-" + i + " exit " + p.exitValue());
      }
    }
    long rssBound = Math.min(POD_LIMIT_MIB, HEAP_MIB + NON_HEAP_ALLOWANCE_MIB);
    // Against the baseline just before, unless the cluster had not fully recovered from the previous
    // attack: a crippled baseline must not make the next attack look harmless.
    double before = Math.max(baseline.slowestRate(), RECOVERED_FRACTION * reference);
    double needed = MIN_RATE_FRACTION * before;
    boolean commits = under.slowestHeights() >= MIN_HEIGHTS_UNDER_ATTACK && under.slowestRate() >= needed;
    boolean memory = under.peakRssMib() <= rssBound && dead.isEmpty();
    boolean log = max(logGrowth) <= LOG_GROWTH_LIMIT_BYTES;
    boolean mesh = under.meshBreaks().isEmpty();
    String verdict = commits && memory && log && mesh ? "PASS" : "FAIL(" + String.join(",",
        commits ? "" : "commits", memory ? "" : "memory", log ? "" : "log", mesh ? "" : "mesh").replaceAll(",+", ",")
        .replaceAll("^,|,$", "") + ")";
    String attackerLine = reportLine.orElse("attacker exited " + attacker.exitValue() + " without a report");
    System.out.println(String.format(Locale.ROOT, "ATTACK name=%s verdict=%s baseline_hps=%.2f attack_hps=%.2f"
        + " ratio=%.2f rss_max_mib=%s vmhwm_mib=%s log_growth_kib=%s mesh_breaks=%d unanswered_getpeers=%s dead=%s"
        + " restarted_before=%s log_aborted=%s | %s", attack.name(), verdict, baseline.slowestRate(),
        under.slowestRate(), baseline.slowestRate() == 0 ? 0 : under.slowestRate() / baseline.slowestRate(),
        ClusterWindow.mib(under.maxRssKb()), ClusterWindow.mib(under.peakRssKb()), kib(logGrowth),
        under.meshBreaks().size(), Arrays.toString(under.unanswered()), dead, restarted, logAborted.get(),
        attackerLine));
    System.out.println("  baseline: " + baseline);
    System.out.println("  under attack: " + under);
    rows.add(String.format(Locale.ROOT, "| %s | %.1f | %.1f (%.0f%%) | %s | %s | %s |", attack.name(),
        baseline.slowestRate(), under.slowestRate(),
        baseline.slowestRate() == 0 ? 0 : 100 * under.slowestRate() / baseline.slowestRate(),
        ClusterWindow.mib(under.peakRssKb()).replace(", ", "/"), kib(logGrowth).replace(", ", "/"),
        verdict + (dead.isEmpty() ? "" : " " + dead)));
    assertAll(
        () -> assertTrue(reportLine.isPresent() || logAborted.get(),
            "the attacker failed: " + run.output("attacker-" + attack.name())),
        () -> assertTrue(commits, String.format(Locale.ROOT, "under attack the slowest node committed %d heights"
            + " (%.2f/s), needs at least %d and %.2f/s (%.0f%% of %.2f/s before)", under.slowestHeights(),
            under.slowestRate(), MIN_HEIGHTS_UNDER_ATTACK, needed, 100 * MIN_RATE_FRACTION, before)),
        () -> assertEquals(List.of(), dead, "nodes died under the attack"),
        () -> assertTrue(under.peakRssMib() <= rssBound, "peak RSS " + under.peakRssMib() + " MiB over " + rssBound
            + " MiB (heap " + HEAP_MIB + " + " + NON_HEAP_ALLOWANCE_MIB + ", pod " + POD_LIMIT_MIB + ")"),
        () -> assertTrue(log, "node logs grew by " + kib(logGrowth) + " KiB, limit "
            + LOG_GROWTH_LIMIT_BYTES / 1024 + (logAborted.get() ? "; the attack was stopped early" : "")),
        () -> assertEquals(List.of(), under.meshBreaks(), "honest nodes lost streams to one another"));
  }

  /**
   * {@code lpos attack NAME} against every node. During its window it runs at the lowest CPU
   * priority ({@link ProcessPriority}): on a machine of two shared cores the attacker's own
   * computing would otherwise slow the nodes whatever they do with its traffic, and that is not
   * what the suite measures. It still sends as fast as the nodes' transport takes its bytes
   * whenever a core is free.
   */
  private List<String> attackerCommand(Attack attack, long seed) {
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx1g", "-XX:TieredStopAtLevel=1",
        "-jar", LaunchedProcesses.LPOS_JAR.toString(), "attack", attack.name(), "--duration", ATTACK_MS + "ms",
        "--seed", Long.toString(seed), "--key-file", attackerKeyFile.toString()));
    for (String node : target.nodes()) {
      cmd.addAll(List.of("--node", node));
    }
    return cmd;
  }

  /**
   * Restarts any node an earlier attack killed; then waits for the cluster to commit at
   * {@value #RECOVERED_FRACTION} of its fresh rate again, and if it does not within
   * {@value #RECOVERY_SECONDS} s (an earlier attack left it wedged or crawling), restarts all four
   * nodes on their stores. Each attack is thus measured on a cluster in its normal state.
   */
  private List<String> ensureHealthy() throws Exception {
    List<String> restarted = new ArrayList<>();
    for (int i = 0; i < DurableCluster.NODES; i++) {
      if (!cluster.process(i).isAlive()) {
        restarted.add("node-" + i + "(exit " + cluster.process(i).exitValue() + ")");
        cluster.launch(i);
      }
    }
    if (!recovered(RECOVERY_SECONDS)) {
      for (int i = 0; i < DurableCluster.NODES; i++) {
        restarted.add("node-" + i + "(slow)");
        cluster.kill9(i);
        cluster.launch(i);
      }
      assertTrue(recovered(120), "the cluster does not commit at its fresh rate after a restart " + cluster.heights());
    }
    await("every node holding streams to the other three", 60, this::meshWhole, cluster::heights);
    return restarted;
  }

  /** Whether a probe window finds the slowest node at its fresh pace again within {@code seconds}. */
  private boolean recovered(long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      ClusterWindow probe = ClusterWindow.measure(cluster, honest, PROBE_MS, () -> false);
      if (probe.slowestRate() >= RECOVERED_FRACTION * reference) {
        return true;
      }
    }
    return false;
  }

  /** Whether every node answers GetPeers with the other three honest keys among its peers. */
  private boolean meshWhole() {
    for (int i = 0; i < DurableCluster.NODES; i++) {
      List<ByteString> connected;
      try {
        connected = cluster.client(i).withDeadlineAfter(2, TimeUnit.SECONDS)
            .getPeers(GetPeersRequest.getDefaultInstance()).getPeersList().stream()
            .map(ConnectedPeer::getPublicKey).toList();
      } catch (RuntimeException notAnswering) {
        return false;
      }
      for (int j = 0; j < DurableCluster.NODES; j++) {
        if (j != i && !connected.contains(honest.get(j))) {
          return false;
        }
      }
    }
    return true;
  }

  private long[] logSizes() throws IOException {
    long[] sizes = new long[DurableCluster.NODES];
    for (int i = 0; i < sizes.length; i++) {
      Path log = cluster.nodeLog(i);
      sizes[i] = Files.isRegularFile(log) ? Files.size(log) : 0;
    }
    return sizes;
  }

  private long[] growth(long[] from) {
    try {
      long[] now = logSizes();
      long[] g = new long[now.length];
      for (int i = 0; i < now.length; i++) {
        // A restarted node's log is appended to, never truncated; a smaller size means a new file.
        g[i] = now[i] >= from[i] ? now[i] - from[i] : now[i];
      }
      return g;
    } catch (IOException e) {
      return new long[DurableCluster.NODES];
    }
  }

  private static long max(long[] values) {
    return Arrays.stream(values).max().orElse(0);
  }

  private static String kib(long[] bytes) {
    return Arrays.toString(Arrays.stream(bytes).map(b -> b / 1024).toArray());
  }
}
