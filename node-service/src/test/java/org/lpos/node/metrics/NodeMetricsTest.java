package org.lpos.node.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.chain.ledger.Reason;
import org.lpos.chain.ledger.Rejection;
import org.lpos.chain.ledger.UtxoDelta;
import org.lpos.chain.model.ChainCaches;
import org.lpos.chain.senate.Senate;
import org.lpos.node.consensus.Equivocation;
import org.lpos.node.consensus.Event;
import org.lpos.node.consensus.NodeStatus;
import org.lpos.node.consensus.Ready;
import org.lpos.node.consensus.Step;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.BlockHeader;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.CommitCertificate;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.PrecommitSignature;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TransactionBatch;
import org.lpos.proto.v1.TxOutput;
import org.lpos.proto.v1.Vote;

/** What the shell reports becomes the right series and values, with no core and no clock. */
class NodeMetricsTest {
  private static final ByteString SELF = key('s');
  private static final ByteString OTHER = key('o');
  private static final ByteString THIRD = key('t');
  private final NodeMetrics metrics = new NodeMetrics("n0", SELF, status(3, 0, Step.PROPOSE, 1, false), new ChainCaches());
  private final PrometheusMeterRegistry registry = metrics.registry();

  @AfterEach
  void close() {
    metrics.close();
  }

  /** Two nodes in one process: each reports the verifications it computed, not the other's. */
  @Test
  void signatureVerificationsAreTheNodesOwn() {
    ChainCaches mine = new ChainCaches();
    KeyPair key = TestMembers.derive(5, 1).get(0).keys();
    byte[] message = {1, 2, 3};
    try (NodeMetrics other = new NodeMetrics("n1", OTHER, status(3, 0, Step.PROPOSE, 1, false), new ChainCaches());
        NodeMetrics verifying = new NodeMetrics("n2", THIRD, status(3, 0, Step.PROPOSE, 1, false), mine)) {
      assertTrue(mine.signatures().verify(key.publicKey(), message, key.signRaw(message)));
      assertEquals(1, verifying.registry().get("lpos.crypto.signature.verifications").functionCounter().count());
      assertEquals(0, other.registry().get("lpos.crypto.signature.verifications").functionCounter().count());
    }
  }

  @Test
  void gaugesFollowThePublishedStatus() {
    metrics.onStatus(new NodeStatus(7, ByteString.EMPTY, 2, Step.PREVOTE, 2, true, 42, true, null), 1_000);
    assertEquals(6, gauge("lpos.chain.height"), "the last committed height, one below the height being decided");
    assertEquals(42, gauge("lpos.pool.transactions"));
    assertEquals(2, gauge("lpos.senate.seats"));
    assertEquals(1, gauge("lpos.senate.proposer"));
    assertEquals(1, gauge("lpos.sync.catching.up"));
    assertEquals(2, gauge("lpos.consensus.round"));
  }

  @Test
  void commitMeasuresLatencyFromFirstSightingAndCountsBlocksRoundsAndProposals() {
    Transaction a = tx(1);
    Transaction b = tx(2);
    Transaction unseen = tx(3);
    metrics.onArrived(new Event.SubmitTransaction(1_000, a));
    metrics.onArrived(new Event.Received(1_500, OTHER, PeerMessage.newBuilder()
        .setTransactions(TransactionBatch.newBuilder().addTransactions(a).addTransactions(b)).build()));
    metrics.onReady(ready(block(3, SELF, 2, List.of(a, b, unseen), List.of(SELF, OTHER))), 4_000);

    assertEquals(1, count("lpos.chain.committed.blocks"));
    assertEquals(3, count("lpos.chain.committed.transactions"));
    assertEquals(2, registry.get("lpos.commit.latency").timer().count(), "only transactions this node saw");
    assertEquals(3.0 + 2.5, registry.get("lpos.commit.latency").timer().totalTime(TimeUnit.SECONDS), 1e-9,
        "a is timed from its submission (3 s), not from the later batch; b from the batch (2.5 s)");
    assertEquals(2, count("lpos.consensus.view.changes"), "committed in round 2: two view changes");
    assertEquals(3, registry.get("lpos.consensus.rounds.per.height").summary().totalAmount());
    assertEquals(1, count("lpos.senate.proposed.blocks"));
    assertEquals(0, registry.get("lpos.chain.block.interval").timer().count(), "no interval before a second block");

    metrics.onReady(ready(block(4, OTHER, 0, List.of(), List.of(SELF, OTHER))), 6_500);
    assertEquals(1, registry.get("lpos.chain.block.interval").timer().count());
    assertEquals(2.5, registry.get("lpos.chain.block.interval").timer().totalTime(TimeUnit.SECONDS), 1e-9);
    assertEquals(1, count("lpos.senate.proposed.blocks"), "the second block was proposed by another node");
  }

  @Test
  void missingSeatsAreTheSenateSeatsWithNoPrecommitInTheCertificate() {
    metrics.onSenate(new Senate(3, List.of(SELF, OTHER, OTHER, THIRD)));
    metrics.onReady(ready(block(3, OTHER, 0, List.of(), List.of(SELF, OTHER))), 1_000);
    assertEquals(1, gauge("lpos.senate.missing.seats"), "THIRD's one seat");
    metrics.onSenate(new Senate(4, List.of(OTHER, OTHER, THIRD, THIRD)));
    metrics.onReady(ready(block(4, OTHER, 0, List.of(), List.of(THIRD))), 2_000);
    assertEquals(2, gauge("lpos.senate.missing.seats"), "OTHER's two seats");
    assertEquals(3, count("lpos.senate.missing.precommit.seats"));
  }

  @Test
  void rejectionsAreCountedByReasonAndEvidenceAsEquivocations() {
    metrics.onReady(new Ready(Optional.empty(), Optional.empty(), List.of(), List.of(), List.of(), OptionalLong.empty(),
        List.of(Rejection.of(Reason.MISSING_INPUT, "x"), Rejection.of(Reason.MISSING_INPUT, "y"),
            Rejection.of(Reason.BAD_SIGNATURE, "z")),
        List.of(new Equivocation(Vote.getDefaultInstance(), Vote.getDefaultInstance())), List.of()), 1_000);
    assertEquals(2, registry.get("lpos.core.rejected.inputs").tag("reason", "missing_input").counter().count());
    assertEquals(1, registry.get("lpos.core.rejected.inputs").tag("reason", "bad_signature").counter().count());
    assertEquals(0, registry.get("lpos.core.rejected.inputs").tag("reason", "pool_full").counter().count());
    assertEquals(1, count("lpos.consensus.equivocations"));
  }

  @Test
  void stepDurationsAreTimedForSenatorsOnly() {
    metrics.onStatus(status(3, 0, Step.PROPOSE, 1, false), 1_000);
    metrics.onStatus(status(3, 0, Step.PREVOTE, 1, false), 1_200);
    metrics.onStatus(status(3, 0, Step.PRECOMMIT, 1, false), 1_500);
    metrics.onStatus(status(3, 0, Step.PRECOMMIT, 1, false), 1_700);
    metrics.onStatus(status(4, 0, Step.PROPOSE, 0, false), 2_000);
    metrics.onStatus(status(4, 1, Step.PROPOSE, 0, false), 9_000);
    assertEquals(0.2, stepSeconds("propose"), 1e-9, "timed from the first snapshot the shell published");
    assertEquals(0.3, stepSeconds("prevote"), 1e-9);
    assertEquals(0.5, stepSeconds("precommit"), 1e-9, "a snapshot with no change does not end the step");
    assertEquals(1, registry.get("lpos.consensus.step.duration").tag("step", "propose").timer().count(),
        "the follower's 7 s at height 4 is not a senator's step");
  }

  @Test
  void prometheusNamesFollowTheLposConvention() {
    String text = registry.scrape();
    for (String series : List.of("lpos_chain_height{node=\"n0\"} 2.0", "lpos_chain_committed_blocks_total{",
        "lpos_commit_latency_seconds_bucket{", "lpos_consensus_step_duration_seconds_bucket{",
        "lpos_consensus_rounds_per_height_bucket{", "lpos_core_rejected_inputs_total{", "jvm_memory_used_bytes{",
        "process_cpu_usage{")) {
      assertTrue(text.contains(series), series + " in\n" + text);
    }
  }

  private double gauge(String name) {
    return registry.get(name).gauge().value();
  }

  private double count(String name) {
    return registry.get(name).counter().count();
  }

  private double stepSeconds(String step) {
    return registry.get("lpos.consensus.step.duration").tag("step", step).timer().totalTime(TimeUnit.SECONDS);
  }

  private static NodeStatus status(long height, int round, Step step, int seats, boolean proposer) {
    return new NodeStatus(height, ByteString.EMPTY, round, step, seats, proposer, 0, false, null);
  }

  private static Ready ready(CertifiedBlock committed) {
    return new Ready(Optional.empty(), Optional.empty(), List.of(committed),
        List.of(new UtxoDelta(List.of(), List.of())), List.of(), OptionalLong.empty(), List.of(), List.of(), List.of());
  }

  private static CertifiedBlock block(long height, ByteString proposer, int round, List<Transaction> txs,
      List<ByteString> signers) {
    CommitCertificate.Builder cert = CommitCertificate.newBuilder().setHeight(height).setRound(round);
    signers.forEach(s -> cert.addPrecommits(PrecommitSignature.newBuilder().setSigner(s)));
    return CertifiedBlock.newBuilder().setBlock(Block.newBuilder()
        .setHeader(BlockHeader.newBuilder().setHeight(height).setProposer(proposer).setRound(round))
        .addAllTransactions(txs)).setCertificate(cert).build();
  }

  private static Transaction tx(long value) {
    return Transaction.newBuilder().addOutputs(TxOutput.newBuilder().setValue(value)).build();
  }

  private static ByteString key(char c) {
    return ByteString.copyFromUtf8(String.valueOf(c).repeat(32));
  }
}
