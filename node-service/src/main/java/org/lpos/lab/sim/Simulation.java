package org.lpos.lab.sim;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.lpos.chain.genesis.ShippedChains;
import org.lpos.chain.model.ChainCaches;
import org.lpos.chain.model.Member;
import org.lpos.node.consensus.Event;
import org.lpos.node.consensus.NodeStatus;
import org.lpos.node.consensus.Outbound;
import org.lpos.node.consensus.Ready;
import org.lpos.node.runtime.ReadyApplier;
import org.lpos.node.runtime.ReadyListener;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TransactionBatch;
import org.lpos.lab.byzantine.ByzantineMode;
import org.lpos.lab.byzantine.ByzantineBehaviour;
import org.lpos.lab.byzantine.UnpromptedTraffic;
import org.lpos.lab.grind.GrindingAdversary;
import org.lpos.lab.grind.SeatScore;
import org.lpos.chain.crypto.ed25519.Ed25519AlternativeSignatures;
import org.lpos.chain.lottery.SeedProofs;

/**
 * A deterministic discrete-event simulation of a whole LPOS network (TigerBeetle's VOPR idea):
 * N unmodified consensus cores, a simulated clock, a simulated network, faults and Byzantine
 * members, all driven by one seeded random generator, so a seed replays a run exactly. The
 * checkers run after every step; the run ends when every honest node committed the target
 * heights after the faults ended, or when an honest node stops making progress.
 */
public final class Simulation {
  private static final long CHECK_INTERVAL_MS = 100;
  private static final long IDLE_RUN_MS = 5_000;
  private static final long CLOCK_ORIGIN_MS = ShippedChains.GENESIS_TIME_MS + 1_000;

  private final SimulationConfig config;
  private final SplittableRandom random;
  private final EventQueue queue = new EventQueue();
  private final SimulatedNetwork network;
  private final List<SimulatedNode> nodes = new ArrayList<>();
  /** One run's signature and id caches, shared by its nodes so each signature is verified once. */
  private final ChainCaches caches = new ChainCaches();
  private final Map<ByteString, Integer> indexOf = new HashMap<>();
  private final SafetyChecker safety;
  private final Workload workload;
  private final Consumer<String> progress;
  private final int progressEvery;
  private final HeightNarrator narrator;
  private final AmnesiaAdversary amnesia;
  private long nowMs;
  private long events;
  private long reportedHeight;
  private long equivocations;
  private String livenessProblem = "";
  private boolean livenessUnasserted;
  private boolean finished;

  /**
   * A run of {@code config}; {@code progress} receives a line every {@code progressEvery} heights
   * and, if {@code narrateHeight} is positive, the story of that height.
   */
  public Simulation(SimulationConfig config, Consumer<String> progress, int progressEvery, long narrateHeight) {
    this.config = config;
    this.random = new SplittableRandom(config.seed());
    this.progress = progress;
    this.progressEvery = Math.max(1, progressEvery);
    SimulationGenesis chain = SimulationGenesis.of(config);
    FaultPlan faults = FaultPlan.draw(config, random);
    this.network = new SimulatedNetwork(config, faults, random, queue);
    Set<ByteString> byzantineKeys = new HashSet<>();
    for (Member m : chain.members().subList(0, config.byzantine())) {
      byzantineKeys.add(m.keys().publicKey());
    }
    List<ByteString> keys = new ArrayList<>();
    List<Integer> everyone = IntStream.range(0, config.nodes()).boxed().toList();
    for (Member m : chain.members()) {
      boolean byzantine = m.index() < config.byzantine();
      ByzantineBehaviour<Integer> behaviour = byzantine
          ? new ByzantineBehaviour<>(config.byzantineMode(), m.index(), m.keys(), SimulationGenesis.CHAIN_ID, random,
              () -> everyone, config.fanOut(), grinder(m, chain, byzantineKeys))
          : null;
      nodes.add(new SimulatedNode(m.index(), m, config.consensus(), chain.genesis(), behaviour, caches));
      indexOf.put(m.keys().publicKey(), m.index());
      keys.add(m.keys().publicKey());
    }
    this.safety = new SafetyChecker(chain.genesis(), byzantineKeys, caches);
    this.workload = new Workload(config, keys, chain.genesis(), random);
    this.narrator = narrateHeight > 0 ? new HeightNarrator(narrateHeight, this::nameOf, progress) : null;
    this.amnesia = config.byzantineMode() == ByzantineMode.AMNESIA ? new AmnesiaAdversary(config.faultsUntilMs()) : null;
    connectPeers();
    for (FaultPlan.Crash c : faults.crashes()) {
      queue.schedule(c.atMs(), new SimEvent.Crash(c.node(), c.downMs(), c.afterPersist()));
    }
  }

  /** The grinder of member {@code m} in the grind mode (it reads the state of its node's current core), else null. */
  private GrindingAdversary grinder(Member m, SimulationGenesis chain, Set<ByteString> byzantineKeys) {
    if (config.byzantineMode() != ByzantineMode.GRIND) {
      return null;
    }
    SeatScore score = new SeatScore(chain.genesis().getHeader().getParams(), byzantineKeys);
    return new GrindingAdversary(m.keys(), SimulationGenesis.CHAIN_ID, () -> nodes.get(m.index()).core().chain(),
        random, Ed25519AlternativeSignatures::sign, score, config.grindTries(), SeedProofs.ecvrf());
  }

  /** Runs to the end and returns what the checkers found. */
  public SimulationSummary run() {
    for (SimulatedNode node : nodes) {
      apply(node, node.boot(coreTime()));
      if (workload.sends(node.index)) {
        queue.schedule(workload.firstAtMs(node.index, random), new SimEvent.Submit(node.index));
      }
      if (node.byzantine != null && node.byzantine.sendsUnprompted()) {
        queue.schedule(random.nextLong(UnpromptedTraffic.INTERVAL_MS) + 1, new SimEvent.Harass(node.index));
      }
    }
    narrateSenate();
    queue.schedule(CHECK_INTERVAL_MS, new SimEvent.Check());
    while (!finished && !queue.isEmpty()) {
      EventQueue.Scheduled next = queue.poll();
      nowMs = next.atMs();
      events++;
      dispatch(next.event());
    }
    return summary();
  }

  private void dispatch(SimEvent event) {
    if (event instanceof SimEvent.Deliver d) {
      deliver(d);
    } else if (event instanceof SimEvent.Tick t) {
      tick(t);
    } else if (event instanceof SimEvent.Submit s) {
      submit(s.node());
    } else if (event instanceof SimEvent.Crash c) {
      crash(c);
    } else if (event instanceof SimEvent.Restart r) {
      restart(r.node());
    } else if (event instanceof SimEvent.Harass h) {
      harass(nodes.get(h.node()));
    } else if (event instanceof SimEvent.Heal h) {
      amnesia.heal(h.height(), nowMs).stream().forEach(network::heal);
    } else if (event instanceof SimEvent.Check) {
      check();
    } else {
      throw new IllegalStateException("the simulator has no handler for " + event.getClass().getSimpleName());
    }
  }

  private void deliver(SimEvent.Deliver d) {
    SimulatedNode node = nodes.get(d.to());
    if (!node.isUp()) {
      return;
    }
    if (node.byzantine != null) {
      node.byzantine.observe(d.message());
    }
    apply(node, node.core().handle(new Event.Received(coreTime(), d.fromKey(), d.message())));
  }

  /** A Byzantine node's traffic of its own, to every node it reaches, and the next burst scheduled. */
  private void harass(SimulatedNode node) {
    queue.schedule(nowMs + UnpromptedTraffic.INTERVAL_MS, new SimEvent.Harass(node.index));
    if (!node.isUp()) {
      return;
    }
    var tip = node.core().chain().tip();
    for (ByzantineBehaviour.Delivery<Integer> d : node.byzantine.burst(tip.height(), tip.hash())) {
      network.send(node.index, d.from(), d.to(), d.message(), nowMs);
    }
  }

  private void tick(SimEvent.Tick t) {
    SimulatedNode node = nodes.get(t.node());
    if (!node.isUp() || node.epoch() != t.epoch()) {
      return;
    }
    if (node.nextTickAtMs == nowMs) {
      node.nextTickAtMs = Long.MAX_VALUE;
    }
    apply(node, node.core().handle(new Event.Tick(coreTime())));
  }

  private void submit(int index) {
    queue.schedule(workload.nextAtMs(index), new SimEvent.Submit(index));
    SimulatedNode node = nodes.get(index);
    if (!node.isUp()) {
      return;
    }
    if (workload.onlySenatorsSend()
        && !node.core().chain().nextSenate().senators().contains(node.member.keys().publicKey())) {
      return;
    }
    Optional<Transaction> tx = node.wallet.pay(workload.payments(index), coreTime());
    if (tx.isEmpty()) {
      return;
    }
    if (node.byzantine != null && config.byzantineMode() == ByzantineMode.INVALID) {
      PeerMessage forged = PeerMessage.newBuilder()
          .setTransactions(TransactionBatch.newBuilder().addTransactions(ByzantineBehaviour.forged(tx.get())))
          .build();
      for (int to : senateOf(node, node.core().chain().nextSenate().senators())) {
        network.send(index, node.member.keys().publicKey(), to, forged, nowMs);
      }
      return;
    }
    apply(node, node.core().handle(new Event.SubmitTransaction(coreTime(), tx.get())));
  }

  private void crash(SimEvent.Crash c) {
    SimulatedNode node = nodes.get(c.node());
    if (!node.isUp()) {
      return;
    }
    if (c.afterPersist()) {
      node.crashAfterPersist = true;
      node.pendingDownMs = c.downMs();
      return;
    }
    node.crash();
    queue.schedule(nowMs + c.downMs(), new SimEvent.Restart(c.node()));
  }

  private void restart(int index) {
    SimulatedNode node = nodes.get(index);
    if (!node.isUp()) {
      apply(node, node.boot(coreTime()));
    }
  }

  /**
   * Applies one step's output through the node's {@link ReadyApplier} (persist, send, arm the
   * timer), as the real node does. The simulator's checks and fault hooks sit at the applier's
   * points (see {@link StepObserver}); a crash ends the step where it strikes, as a dying process
   * would, and the node restarts later from what it persisted.
   */
  private void apply(SimulatedNode node, Ready ready) {
    try {
      new ReadyApplier(node, messages -> messages.forEach(o -> send(node, o)), new StepObserver(node)).apply(ready);
    } catch (SimulatedCrash crash) {
      node.crash();
      queue.schedule(nowMs + crash.downMs, new SimEvent.Restart(node.index));
    }
  }

  /** A fault hook's crash in the middle of a step: nothing after it happens. */
  private static final class SimulatedCrash extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long downMs;

    SimulatedCrash(long downMs) {
      super("simulated crash", null, false, false);
      this.downMs = downMs;
    }
  }

  /**
   * The simulator's part of one step of one node: commits are checked once durable and before any
   * message of the step leaves; a crash planned "after persist" strikes there; the amnesia
   * adversary decides before the messages leave and may crash the node after they did.
   */
  private final class StepObserver implements ReadyListener {
    private final SimulatedNode node;
    private AmnesiaAdversary.Action action = AmnesiaAdversary.Action.NONE;

    StepObserver(SimulatedNode node) {
      this.node = node;
    }

    @Override
    public void durable(Ready ready) {
      List<CertifiedBlock> committed = ready.committed();
      for (int i = 0; i < committed.size(); i++) {
        boolean last = i == committed.size() - 1;
        onCommit(node, committed.get(i), last ? node.core().chain().utxos().totalValue() : SafetyChecker.UNKNOWN_VALUE);
      }
      if (node.isHonest()) {
        equivocations += ready.evidence().size();
      }
      if (node.crashAfterPersist && ready.mustPersist()) {
        throw new SimulatedCrash(node.pendingDownMs);
      }
      if (amnesia != null && node.isHonest()) {
        action = amnesia.onStep(node.index, node.member.keys().publicKey(), ready);
      }
      if (action == AmnesiaAdversary.Action.ISOLATE) {
        network.isolate(node.index);
        queue.schedule(amnesia.healAtMs(nowMs), new SimEvent.Heal(amnesia.target()));
      }
    }

    @Override
    public void applied(Ready ready) {
      if (action == AmnesiaAdversary.Action.CRASH_AFTER_SENDING) {
        throw new SimulatedCrash(AmnesiaAdversary.DOWN_MS);
      }
    }

    @Override
    public void wakeUpAt(OptionalLong atMs) {
      if (atMs.isPresent()) {
        long at = Math.max(nowMs, atMs.getAsLong() - CLOCK_ORIGIN_MS);
        if (at < node.nextTickAtMs) {
          node.nextTickAtMs = at;
          queue.schedule(at, new SimEvent.Tick(node.index, node.epoch()));
        }
      }
    }
  }

  private void onCommit(SimulatedNode node, CertifiedBlock cb, long nodeValue) {
    node.wallet.onCommitted(cb.getBlock());
    node.lastCommitAtMs = nowMs;
    if (nowMs >= config.faultsEndMs()) {
      node.committedAfterFaults = true;
    }
    if (node.isHonest()) {
      long before = safety.referenceHeight();
      safety.onHonestCommit(node.name, cb, nodeValue);
      if (narrator != null) {
        narrator.onCommit(cb, nowMs);
        if (safety.referenceHeight() != before) {
          narrateSenate();
        }
      }
    }
  }

  private void send(SimulatedNode node, Outbound o) {
    PeerMessage m = o.message();
    if (node.isHonest()) {
      safety.onHonestSend(node.name, node.member.keys().publicKey(), m);
    }
    if (narrator != null) {
      narrator.onSend(node.name, m, nowMs);
    }
    List<Integer> recipients;
    if (o instanceof Outbound.ToPeer p) {
      Integer to = indexOf.get(p.peer());
      recipients = to == null ? List.of() : List.of(to);
    } else if (o instanceof Outbound.ToSenate s) {
      recipients = senateOf(node, s.senators());
    } else {
      Set<ByteString> except = ((Outbound.Gossip) o).except();
      recipients = peersOf(node).stream().filter(i -> !except.contains(nodes.get(i).member.keys().publicKey())).toList();
    }
    if (node.byzantine == null) {
      ByteString key = node.member.keys().publicKey();
      for (int to : recipients) {
        network.send(node.index, key, to, m, nowMs);
      }
      return;
    }
    for (ByzantineBehaviour.Delivery<Integer> d : node.byzantine.transform(m, recipients)) {
      network.send(node.index, d.from(), d.to(), d.message(), nowMs);
    }
  }

  private List<Integer> senateOf(SimulatedNode sender, List<ByteString> senators) {
    List<Integer> out = new ArrayList<>();
    for (ByteString s : senators) {
      Integer to = indexOf.get(s);
      if (to != null && to != sender.index) {
        out.add(to);
      }
    }
    return out;
  }

  private List<Integer> peersOf(SimulatedNode node) {
    List<Integer> out = new ArrayList<>(node.peers.length);
    for (int p : node.peers) {
      out.add(p);
    }
    return out;
  }

  private void check() {
    queue.schedule(nowMs + CHECK_INTERVAL_MS, new SimEvent.Check());
    reportProgress();
    if (amnesia != null) {
      amnesia.onCheck(safety.referenceHeight(), nowMs);
    }
    if (nowMs < config.faultsEndMs()) {
      return;
    }
    if (!workload.active()) {
      finished = nowMs >= config.faultsEndMs() + IDLE_RUN_MS;
      return;
    }
    boolean allDone = true;
    for (SimulatedNode node : nodes) {
      if (!node.isHonest() || safety.isForked(node.name)) {
        continue;
      }
      boolean done = node.isUp() && node.height() >= config.heights() && node.committedAfterFaults;
      if (done) {
        continue;
      }
      allDone = false;
      long since = Math.max(node.lastCommitAtMs, config.faultsEndMs());
      if (nowMs - since > config.livenessBoundMs()) {
        livenessProblem = String.format(Locale.ROOT,
            "%s committed nothing for %.1f s after the faults ended (stuck at height %d, %s)", node.name,
            (nowMs - since) / 1000.0, node.height(), node.isUp() ? describe(node.core().status()) : "down");
        if (safety.byzantineAboveF(node.height() + 1)) {
          livenessUnasserted = true;
          livenessProblem = "not asserted: the Byzantine members hold more than f seats at height "
              + (node.height() + 1) + ", where the chain halted";
        } else if (safety.unassertedConflicts() > 0) {
          livenessUnasserted = true;
          livenessProblem = "not asserted: honest nodes forked at a height where the Byzantine members held more"
              + " than f seats; " + livenessProblem;
        }
        finished = true;
        return;
      }
    }
    finished = allDone;
  }

  private void reportProgress() {
    while (safety.referenceHeight() >= reportedHeight + progressEvery) {
      reportedHeight += progressEvery;
      progress.accept(String.format(Locale.ROOT, "height %d/%d at %.1f simulated s: %d events, %d violations",
          reportedHeight, config.heights(), nowMs / 1000.0, events, safety.violationCount()));
    }
  }

  private void narrateSenate() {
    if (narrator != null) {
      safety.senate(safety.referenceHeight() + 1).ifPresent(s -> narrator.onSenate(s, nowMs));
    }
  }

  private void connectPeers() {
    int n = nodes.size();
    List<TreeSet<Integer>> links = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      links.add(new TreeSet<>());
    }
    for (int i = 0; i < n; i++) {
      if (n > 1) {
        links.get(i).add((i + 1) % n);
        links.get((i + 1) % n).add(i);
      }
      int want = Math.min(config.fanOut(), n - 1);
      Set<Integer> sample = new HashSet<>();
      while (sample.size() < want) {
        int p = random.nextInt(n);
        if (p != i && sample.add(p)) {
          links.get(i).add(p);
          links.get(p).add(i);
        }
      }
    }
    for (int i = 0; i < n; i++) {
      nodes.get(i).peers = links.get(i).stream().mapToInt(Integer::intValue).toArray();
    }
  }

  private static String describe(NodeStatus s) {
    return String.format(Locale.ROOT, "deciding height %d round %d step %s, %d seats, %d pending transactions%s",
        s.height(), s.round(), s.step(), s.seats(), s.poolSize(), s.catchingUp() ? ", catching up" : "");
  }

  private String nameOf(ByteString key) {
    Integer i = indexOf.get(key);
    return i == null ? "(not a node)" : nodes.get(i).name;
  }

  private long coreTime() {
    return CLOCK_ORIGIN_MS + nowMs;
  }

  private SimulationSummary summary() {
    long minHeight = Long.MAX_VALUE;
    for (SimulatedNode node : nodes) {
      if (node.isHonest() && !safety.isForked(node.name)) {
        minHeight = Math.min(minHeight, node.height());
      }
    }
    boolean liveness = livenessProblem.isEmpty() || livenessUnasserted;
    if (livenessProblem.isEmpty() && workload.active() && minHeight < config.heights()) {
      livenessProblem = "the run ended before every honest node reached height " + config.heights();
      liveness = false;
    }
    long decided = safety.referenceHeight();
    TrafficStats traffic = network.traffic();
    return new SimulationSummary(config, minHeight, decided, safety.violationCount(), safety.violations(),
        safety.doubleSigns(), liveness, livenessProblem, safety.roundsPerHeight(),
        traffic.messagesPer(config.nodes(), decided), traffic.bytesPer(config.nodes(), decided), nowMs,
        safety.maxByzantineSeats(), safety.heightsWithByzantineAboveF(), safety.unassertedConflicts(), equivocations,
        events, safety.committedTransactions(), safety.seatShare(config.senateSeats()));
  }
}
