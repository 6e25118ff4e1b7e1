package org.lpos.node.metrics;

import com.google.protobuf.ByteString;
import io.grpc.ServerInterceptor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.grpc.MetricCollectingServerInterceptor;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import org.lpos.chain.crypto.SignatureVerifier;
import org.lpos.chain.ledger.Reason;
import org.lpos.chain.ledger.Rejection;
import org.lpos.chain.model.ChainCaches;
import org.lpos.chain.model.TransactionIds;
import org.lpos.chain.senate.Senate;
import org.lpos.node.api.BlockFeed;
import org.lpos.node.api.NodeApi;
import org.lpos.node.consensus.Event;
import org.lpos.node.consensus.NodeStatus;
import org.lpos.node.consensus.Ready;
import org.lpos.node.consensus.Step;
import org.lpos.node.net.CommunicationCost;
import org.lpos.node.net.MessageKind;
import org.lpos.node.net.PeerNetwork;
import org.lpos.node.runtime.NodeDriver;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.PrecommitSignature;
import org.lpos.proto.v1.Transaction;
import org.lpos.service.JvmAndProcessMetrics;

/**
 * A node's metrics, named {@code lpos_<area>_<thing>_<unit>} in Prometheus (the list is in
 * docs/metrics.md). The consensus core never sees them: the shell reports what it observes
 * through the {@code onXxx} methods (events as they arrive, each step's {@link Ready}, each
 * published {@link NodeStatus}, the senate of each height) and the peer mesh's counters are read
 * when Prometheus scrapes. {@link #onReady}, {@link #onStatus} and {@link #onSenate} are called
 * on the driver thread only; {@link #onArrived} on any thread.
 */
public final class NodeMetrics implements AutoCloseable {
  private static final int FIRST_SEEN_CAPACITY = 100_000;
  private static final Duration[] LATENCY_BUCKETS = seconds(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60);
  private static final Duration[] STEP_BUCKETS = seconds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10);
  private static final double[] ROUND_BUCKETS = {1, 2, 3, 4, 5, 10};

  private final PrometheusMeterRegistry registry;
  private final JvmAndProcessMetrics jvm;
  private final ByteString self;
  private final TransactionIds txIds;
  private final FirstSeen firstSeen = new FirstSeen(FIRST_SEEN_CAPACITY);
  private final Counter blocksCommitted;
  private final Counter transactionsCommitted;
  private final Counter blocksProposed;
  private final Counter viewChanges;
  private final Counter equivocations;
  private final Counter missingSeatsTotal;
  private final Timer commitLatency;
  private final Timer blockInterval;
  private final DistributionSummary roundsPerHeight;
  private final Map<Step, Timer> stepDurations = new EnumMap<>(Step.class);
  private final Map<Reason, Counter> rejected = new EnumMap<>(Reason.class);
  private volatile NodeStatus status;
  private volatile long missingSeats;
  private Senate senate;
  private long lastCommitMs = -1;
  private long stepSinceMs = -1;

  /**
   * Metrics of the node named {@code nodeName} (every series carries it as the {@code node}
   * label) whose member key is {@code self}, starting from {@code initial}; {@code caches} are the
   * node's own (its transaction ids and its count of signature verifications).
   */
  public NodeMetrics(String nodeName, ByteString self, NodeStatus initial, ChainCaches caches) {
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("node", nodeName);
    this.jvm = new JvmAndProcessMetrics(registry);
    this.self = self;
    this.status = initial;
    this.txIds = caches.txIds();
    gauge("lpos.chain.height", "Height of the last committed block", s -> s.height() - 1);
    gauge("lpos.pool.transactions", "Transactions waiting in the pool", NodeStatus::poolSize);
    gauge("lpos.senate.seats", "Seats this node holds in the senate of the height being decided", NodeStatus::seats);
    gauge("lpos.senate.proposer", "1 when this node proposes the current round", s -> s.proposer() ? 1 : 0);
    gauge("lpos.sync.catching.up", "1 while the node knows it is behind and fetches blocks", s -> s.catchingUp() ? 1 : 0);
    gauge("lpos.consensus.round", "Round of the height being decided", NodeStatus::round);
    Gauge.builder("lpos.senate.missing.seats", this, m -> m.missingSeats)
        .description("Seats of the last committed height's senate with no precommit in its certificate")
        .register(registry);
    Gauge.builder("lpos.commit.pending.transactions", firstSeen, FirstSeen::size)
        .description("Transactions seen and not yet committed whose commit latency will be measured")
        .register(registry);
    blocksCommitted = counter("lpos.chain.committed.blocks", "Blocks committed");
    transactionsCommitted = counter("lpos.chain.committed.transactions", "Transactions committed");
    blocksProposed = counter("lpos.senate.proposed.blocks", "Committed blocks this node proposed");
    viewChanges = counter("lpos.consensus.view.changes", "Rounds beyond the first needed to commit a height");
    equivocations = counter("lpos.consensus.equivocations", "Conflicting votes by one signer seen (evidence)");
    missingSeatsTotal = counter("lpos.senate.missing.precommit.seats",
        "Seats missing from commit certificates, summed over committed heights");
    FunctionCounter.builder("lpos.crypto.signature.verifications", caches.signatures(),
            SignatureVerifier::verificationsPerformed)
        .description("Ed25519 verifications this node computed (memoized repeats not counted); "
            + "about one per committed transaction when each transaction is verified once")
        .register(registry);
    commitLatency = Timer.builder("lpos.commit.latency")
        .description("Time from when this node first saw a transaction to when it committed it")
        .serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
    blockInterval = Timer.builder("lpos.chain.block.interval")
        .description("Time between two blocks committed by this node")
        .serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
    roundsPerHeight = DistributionSummary.builder("lpos.consensus.rounds.per.height")
        .description("Rounds a committed height took (its certificate's round + 1)")
        .serviceLevelObjectives(ROUND_BUCKETS).register(registry);
    for (Step step : Step.values()) {
      stepDurations.put(step, Timer.builder("lpos.consensus.step.duration")
          .description("Time a senator spent in a consensus step")
          .tag("step", step.name().toLowerCase(Locale.ROOT))
          .serviceLevelObjectives(STEP_BUCKETS).register(registry));
    }
    for (Reason reason : Reason.values()) {
      rejected.put(reason, Counter.builder("lpos.core.rejected.inputs")
          .description("Transactions, votes, blocks and messages the core refused, by reason")
          .tag("reason", reason.name().toLowerCase(Locale.ROOT)).register(registry));
    }
  }

  /** The registry Prometheus scrapes. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Counts and times every call the node's gRPC server handles ({@code grpc_server_*}). */
  public ServerInterceptor grpcServerInterceptor() {
    return new MetricCollectingServerInterceptor(registry);
  }

  /** Exposes the peer mesh's connections, refusals and communication cost per message type. */
  public void bindNetwork(PeerNetwork network) {
    Gauge.builder("lpos.net.connected.peers", network, n -> n.connected().size())
        .description("Authenticated peer streams").register(registry);
    FunctionCounter.builder("lpos.net.handshake.failures", network, PeerNetwork::handshakeFailures)
        .description("Peer streams refused for a failed handshake or an invalid frame").register(registry);
    FunctionCounter.builder("lpos.net.dropped.frames", network, PeerNetwork::droppedFrames)
        .description("Frames dropped because a peer's queue was full").register(registry);
    FunctionCounter.builder("lpos.net.dropped.peers", network, PeerNetwork::peersDropped)
        .description("Peers disconnected for sending invalid messages or running over their budgets")
        .register(registry);
    bindEdge(network);
    CommunicationCost cost = network.cost();
    for (MessageKind kind : MessageKind.values()) {
      Tags type = Tags.of("type", kind.label());
      FunctionCounter.builder("lpos.net.over.budget.messages", network, n -> n.overBudget(kind))
          .description("Peer messages dropped unread because their peer ran over its budget").tags(type)
          .register(registry);
      if (kind.isSenate()) {
        FunctionCounter.builder("lpos.net.non.member.dropped.messages", network, n -> n.fromNonMembers(kind))
            .description("Senate messages dropped at the edge because their sender holds no stake").tags(type)
            .register(registry);
      }
      communication("lpos.net.sent.messages", "Peer messages sent", cost, kind, type, CommunicationCost.Counts::sentMessages);
      communication("lpos.net.sent.bytes", "Bytes of peer messages sent", cost, kind, type, CommunicationCost.Counts::sentBytes);
      communication("lpos.net.received.messages", "Peer messages received", cost, kind, type,
          CommunicationCost.Counts::receivedMessages);
      communication("lpos.net.received.bytes", "Bytes of peer messages received", cost, kind, type,
          CommunicationCost.Counts::receivedBytes);
    }
  }

  /** The network edge's memory bounds: bytes held, streams paused and refused. */
  private void bindEdge(PeerNetwork network) {
    Gauge.builder("lpos.net.inbound.inflight.bytes", network, n -> n.inboundBytes().inFlightBytes())
        .description("Bytes received from peers that the driver has not taken yet").register(registry);
    Gauge.builder("lpos.net.inbound.paused.streams", network, n -> n.inboundBytes().pausedStreams())
        .description("Peer streams not asked for their next frame for want of inbound budget").register(registry);
    FunctionCounter.builder("lpos.net.inbound.pauses", network, n -> n.inboundBytes().pauses())
        .description("Times a peer stream was paused for want of inbound budget").register(registry);
    Gauge.builder("lpos.net.outbound.queued.bytes", network, PeerNetwork::outboundBytes)
        .description("Bytes queued to peers and not yet written").register(registry);
    Gauge.builder("lpos.net.inbound.streams", network, n -> n.inboundStreams().open())
        .description("Inbound peer streams open").register(registry);
    FunctionCounter.builder("lpos.net.refused.streams", network, n -> n.inboundStreams().refused())
        .description("Inbound peer streams refused for the per-node or per-address cap").register(registry);
    FunctionCounter.builder("lpos.net.handshake.timeouts", network, PeerNetwork::handshakeTimeouts)
        .description("Peer streams closed for not completing the handshake in time").register(registry);
    FunctionCounter.builder("lpos.net.refused.non.members", network, PeerNetwork::refusedNonMembers)
        .description("Keys without stake refused at the handshake (--members-only)").register(registry);
  }

  /** Exposes the peer messages the driver refused because the peers' share of its queue was full. */
  public void bindDriver(NodeDriver driver) {
    FunctionCounter.builder("lpos.driver.refused.peer.messages", driver, NodeDriver::refusedPeerMessages)
        .description("Peer messages refused because the peers' share of the driver's queue was full")
        .register(registry);
    FunctionCounter.builder("lpos.driver.refused.peer.bytes.messages", driver, NodeDriver::refusedForBytes)
        .description("Peer messages refused because the driver's queue held too many bytes of peers' messages")
        .register(registry);
    Gauge.builder("lpos.driver.queued.peer.bytes", driver, NodeDriver::queuedPeerBytes)
        .description("Serialized bytes of peers' messages waiting for the driver").register(registry);
  }

  /** Counts the Node API's refusals and open streams. */
  public void bindApi(NodeApi api, BlockFeed feed) {
    Gauge.builder("lpos.api.watchers", feed, BlockFeed::watchers)
        .description("WatchBlocks streams open").register(registry);
    FunctionCounter.builder("lpos.api.refused.calls", api, NodeApi::refusedCalls).tags("reason", "calls_in_flight")
        .description("Node API calls answered RESOURCE_EXHAUSTED").register(registry);
    FunctionCounter.builder("lpos.api.refused.calls", api, NodeApi::refusedSubmissions)
        .tags("reason", "submissions_in_flight").description("Node API calls answered RESOURCE_EXHAUSTED")
        .register(registry);
    FunctionCounter.builder("lpos.api.refused.calls", feed, BlockFeed::refusedWatchers).tags("reason", "watchers")
        .description("Node API calls answered RESOURCE_EXHAUSTED").register(registry);
    FunctionCounter.builder("lpos.api.refused.calls", feed, BlockFeed::overflowedWatchers)
        .tags("reason", "watcher_overflow").description("Node API calls answered RESOURCE_EXHAUSTED")
        .register(registry);
  }

  /** An event was enqueued at the driver: notes when its transactions were first seen. */
  public void onArrived(Event event) {
    if (event instanceof Event.SubmitTransaction s) {
      firstSeen.seen(txIds.id(s.transaction()), s.nowMs());
    } else if (event instanceof Event.Received r && r.message().hasTransactions()) {
      for (Transaction tx : r.message().getTransactions().getTransactionsList()) {
        firstSeen.seen(txIds.id(tx), r.nowMs());
      }
    }
  }

  /** The senate of the height now being decided (the shell reads it when the height changes). */
  public void onSenate(Senate senate) {
    this.senate = senate;
  }

  /** The height whose senate {@link #onSenate} last gave, or -1 before the first. */
  public long decidingHeight() {
    return senate == null ? -1 : senate.height();
  }

  /** A step of the core finished at {@code nowMs} with these outputs. */
  public void onReady(Ready ready, long nowMs) {
    for (CertifiedBlock cb : ready.committed()) {
      onCommitted(cb, nowMs);
    }
    for (Rejection r : ready.rejected()) {
      rejected.get(r.reason()).increment();
    }
    equivocations.increment(ready.evidence().size());
  }

  /** The driver published {@code next} at {@code nowMs}: times the step a senator just left. */
  public void onStatus(NodeStatus next, long nowMs) {
    NodeStatus previous = status;
    status = next;
    if (stepSinceMs < 0) {
      stepSinceMs = nowMs;
      return;
    }
    boolean moved = next.height() != previous.height() || next.round() != previous.round()
        || next.step() != previous.step();
    if (!moved) {
      return;
    }
    if (previous.seats() > 0) {
      stepDurations.get(previous.step()).record(Math.max(0, nowMs - stepSinceMs), TimeUnit.MILLISECONDS);
    }
    stepSinceMs = nowMs;
  }

  @Override
  public void close() {
    jvm.close();
    registry.close();
  }

  private void onCommitted(CertifiedBlock cb, long nowMs) {
    blocksCommitted.increment();
    transactionsCommitted.increment(cb.getBlock().getTransactionsCount());
    for (Transaction tx : cb.getBlock().getTransactionsList()) {
      firstSeen.committed(txIds.id(tx))
          .ifPresent(at -> commitLatency.record(Math.max(0, nowMs - at), TimeUnit.MILLISECONDS));
    }
    if (lastCommitMs >= 0) {
      blockInterval.record(Math.max(0, nowMs - lastCommitMs), TimeUnit.MILLISECONDS);
    }
    lastCommitMs = nowMs;
    int round = cb.getCertificate().getRound();
    roundsPerHeight.record(round + 1.0);
    viewChanges.increment(round);
    if (cb.getBlock().getHeader().getProposer().equals(self)) {
      blocksProposed.increment();
    }
    long height = cb.getBlock().getHeader().getHeight();
    if (senate != null && senate.height() == height) {
      Set<ByteString> signers = new HashSet<>();
      for (PrecommitSignature p : cb.getCertificate().getPrecommitsList()) {
        signers.add(p.getSigner());
      }
      long missing = senate.seats().stream().filter(owner -> !signers.contains(owner)).count();
      missingSeats = missing;
      missingSeatsTotal.increment((double) missing);
    }
  }

  private void gauge(String name, String description, ToDoubleFunction<NodeStatus> value) {
    Gauge.builder(name, this, m -> value.applyAsDouble(m.status)).description(description).register(registry);
  }

  private Counter counter(String name, String description) {
    return Counter.builder(name).description(description).register(registry);
  }

  private void communication(String name, String description, CommunicationCost cost, MessageKind kind, Tags type,
      ToDoubleFunction<CommunicationCost.Counts> value) {
    FunctionCounter.builder(name, cost, c -> value.applyAsDouble(c.snapshot().get(kind)))
        .description(description).tags(type).register(registry);
  }

  private static Duration[] seconds(double... values) {
    Duration[] out = new Duration[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = Duration.ofNanos(Math.round(values[i] * 1e9));
    }
    return out;
  }
}
