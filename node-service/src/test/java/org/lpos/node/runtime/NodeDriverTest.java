package org.lpos.node.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lpos.chain.block.ChainState;
import org.lpos.chain.genesis.BlockBuilder;
import org.lpos.chain.genesis.GenesisBuilder;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.chain.ledger.Reason;
import org.lpos.chain.ledger.Rejection;
import org.lpos.chain.model.ChainCaches;
import org.lpos.chain.model.Member;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.model.Scripts;
import org.lpos.chain.model.Transactions;
import org.lpos.node.consensus.ConsensusConfig;
import org.lpos.node.consensus.ConsensusMessages;
import org.lpos.node.consensus.MemoryBlockArchive;
import org.lpos.node.consensus.NodeCore;
import org.lpos.node.consensus.Outbound;
import org.lpos.node.consensus.PersistedState;
import org.lpos.node.consensus.Ready;
import org.lpos.testing.Eventually;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.ChainParams;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.Proposal;
import org.lpos.proto.v1.StatusAnnouncement;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TransactionBatch;
import org.lpos.proto.v1.TxInput;
import org.lpos.proto.v1.TxOutput;
import org.lpos.proto.v1.Vote;

/**
 * The driver's queue and failure handling, with a hand-fired alarm and a hand-moved clock: a
 * timer tick is never refused, not even when peers filled their share of the queue; peers
 * cannot refuse the node's own work; and a step that throws (an exception or an {@link Error})
 * halts the driver instead of leaving a loop that answers but cannot be trusted.
 */
class NodeDriverTest {
  private static final long T0 = 1_700_000_000_000L;
  private static final int PEER_CAPACITY = 100;
  /** Far more than a hundred status messages, so only the byte test's big messages reach it. */
  private static final long PEER_CAPACITY_BYTES = 20_000;
  private static final ByteString PEER = ByteString.copyFrom(new byte[32]);
  /** Inputs applied before a test's own once the loop is released: the start and the holding submission. */
  private static final long STEPS_BEFORE = 2;

  private final AtomicLong now = new AtomicLong(T0);
  private final AtomicLong clockReads = new AtomicLong();
  private final HandAlarm alarm = new HandAlarm();
  private final RecordingSink sink = new RecordingSink();
  private NodeDriver driver;
  private final ChainCaches caches = new ChainCaches();
  /** Eight signed payments, each spending one of the member's genesis outputs. */
  private final List<Transaction> payments = new ArrayList<>();
  /** The member's own proposal of the payments for height 1, round 0, as a peer would relay it. */
  private Proposal proposal;

  @BeforeEach
  void startDriver() {
    Member member = TestMembers.derive(3, 1).get(0);
    ChainParams params = ChainParams.newBuilder().setChainId("lpos-driver").setSenateSeats(1).build();
    Block genesis = GenesisBuilder.build(params, ByteString.copyFromUtf8("q"), T0,
        Collections.nCopies(8, new GenesisBuilder.Allocation(member.keys().publicKey(), 125)));
    NodeCore core = new NodeCore(ConsensusConfig.defaults(), member.keys(), genesis,
        new PersistedState(Optional.empty(), new MemoryBlockArchive(), Optional.empty()), caches);
    core.chain().utxos().forEachOwnedBy(member.keys().publicKey(), u -> payments.add(Transactions.sign(
        params.getChainId(), Transaction.newBuilder().addInputs(TxInput.newBuilder().setSpends(u.key().toProto()))
            .addOutputs(TxOutput.newBuilder().setValue(u.value() - 1).setLock(Scripts.standardLock(member.keys().publicKey())))
            .build(), List.of(member.keys()))));
    ChainState chain = core.chain();
    Block block = BlockBuilder.proposal(chain, member.keys().publicKey(), 0, T0 + 1, payments,
        BlockBuilder.ownTicket(chain, member.keys()));
    proposal = ConsensusMessages.proposal(member.keys(), params.getChainId(), 1, 0, block, -1);
    driver = new NodeDriver(core, sink, () -> {
      clockReads.incrementAndGet();
      return now.get();
    }, alarm, new DriverCapacity(PEER_CAPACITY, PEER_CAPACITY_BYTES, 1_000));
    driver.start();
  }

  @AfterEach
  void stopDriver() {
    driver.close();
  }

  @Test
  void aTickFiresAndTimersGoOnWhenPeersFilledTheQueue() throws Exception {
    CountDownLatch release = blockTheLoop();
    assertEquals(1, alarm.pending(), "entering height 1 asked for a wake-up (the rebroadcast)");
    int refused = 0;
    for (int i = 0; i < PEER_CAPACITY + 50; i++) {
      refused += driver.received(PEER, status()) ? 0 : 1;
    }
    assertEquals(50, refused, "the peers' share is full");

    now.set(T0 + 60_000);
    alarm.fireDue();
    release.countDown();
    awaitSteps(STEPS_BEFORE + PEER_CAPACITY + 1);

    assertTrue(sink.gossipedStatus(), "the rebroadcast timer fired: the node announced its height");
    assertEquals(1, alarm.pending(), "and the core's next wake-up was scheduled");
    assertEquals(50, driver.refusedPeerMessages());
  }

  @Test
  void ticksAreCoalescedWhileOneWaits() throws Exception {
    CountDownLatch release = blockTheLoop();
    now.set(T0 + 60_000);
    for (int i = 0; i < 10_000; i++) {
      driver.wake();
    }
    release.countDown();
    awaitSteps(STEPS_BEFORE + 1);
    assertEquals(1, sink.statusGossips(), "ten thousand wake-ups while blocked are one tick");
    assertEquals(STEPS_BEFORE + 1, driver.snapshot().steps());
  }

  @Test
  void aPeerFloodDoesNotRefuseTheNodesOwnWork() throws Exception {
    CountDownLatch release = blockTheLoop();
    for (int i = 0; i < PEER_CAPACITY * 2; i++) {
      driver.received(PEER, status());
    }
    CompletableFuture<Optional<Rejection>> own = driver.submitTransaction(Transaction.getDefaultInstance());
    release.countDown();
    Optional<Rejection> answer = own.get(10, TimeUnit.SECONDS);
    assertTrue(answer.isPresent() && answer.get().reason() != Reason.POOL_FULL,
        "the pool judged the submission, the queue did not refuse it: " + answer);
  }

  @Test
  void aSubmissionReadsTheClockOnceSoMetricsAndTheCoreSeeOneTime() throws Exception {
    awaitSteps(1);
    long before = clockReads.get();
    driver.submitTransaction(Transaction.getDefaultInstance()).get(10, TimeUnit.SECONDS);
    assertEquals(1, clockReads.get() - before);
    assertEquals(1, alarm.pending(), "the step kept the wake-up it had (which would read the clock again)");
  }

  @Test
  void aStepThatThrowsHaltsTheDriver() throws Exception {
    sink.failDeliveryWith = new IllegalStateException("broken invariant");
    driver.received(PEER, status());
    Throwable cause = sink.halted.get(10, TimeUnit.SECONDS);

    assertSame(sink.failDeliveryWith, cause);
    assertEquals(Optional.of(cause), driver.failure());
    assertFalse(driver.received(PEER, status()), "a halted driver takes no more work");
    ExecutionException refused = assertThrows(ExecutionException.class,
        () -> driver.submitTransaction(Transaction.getDefaultInstance()).get(10, TimeUnit.SECONDS));
    assertTrue(refused.getCause().getMessage().contains("stopped"), refused.getCause().getMessage());
    assertEquals(1, driver.snapshot().steps(), "the failed step published nothing");
  }

  @Test
  void anErrorInAStepHaltsTheDriver() throws Exception {
    sink.failDeliveryWith = new OutOfMemoryError("simulated");
    driver.received(PEER, status());
    assertInstanceOf(OutOfMemoryError.class, sink.halted.get(10, TimeUnit.SECONDS));
    assertFalse(driver.received(PEER, status()));
  }

  @Test
  void submissionsStillQueuedWhenAStepFailsAreAnsweredNotLeftWaiting() throws Exception {
    CountDownLatch release = blockTheLoop();
    sink.failDeliveryWith = new IllegalStateException("broken invariant");
    CompletableFuture<Optional<Rejection>> failing = driver.submitTransaction(Transaction.getDefaultInstance());
    CompletableFuture<Optional<Rejection>> queued = driver.submitTransaction(Transaction.getDefaultInstance());
    release.countDown();
    assertSame(sink.failDeliveryWith, sink.halted.get(10, TimeUnit.SECONDS));
    for (CompletableFuture<Optional<Rejection>> waiting : List.of(failing, queued)) {
      ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.get(10, TimeUnit.SECONDS));
      assertTrue(e.getCause().getMessage().contains("stopped"), e.getCause().getMessage());
    }
  }

  @Test
  void peersTransactionsAreVerifiedOffTheConsensusThreadAndNotAgain() throws Exception {
    CountDownLatch release = blockTheLoop();
    long before = caches.signatures().verificationsPerformed();
    driver.received(PEER, PeerMessage.newBuilder()
        .setTransactions(TransactionBatch.newBuilder().addAllTransactions(payments)).build());
    Eventually.await("the payments' signatures are verified while the loop is held", 10,
        () -> caches.signatures().verificationsPerformed() - before == payments.size());

    release.countDown();
    awaitSteps(STEPS_BEFORE + 1);
    assertEquals(payments.size(), driver.status().poolSize(), "the pool took every payment");
    assertEquals(before + payments.size(), caches.signatures().verificationsPerformed(),
        "the core found every signature verified and computed none again");
  }

  @Test
  void paymentsOfOutputsNotCommittedYetAreVerifiedAheadToo() throws Exception {
    Member member = TestMembers.derive(3, 1).get(0);
    List<Transaction> chained = new ArrayList<>(payments);
    for (Transaction first : payments) {
      TxOutput change = first.getOutputs(0);
      chained.add(Transactions.sign("lpos-driver", Transaction.newBuilder()
          .addInputs(TxInput.newBuilder().setSpends(new OutputKey(Transactions.id(first), 0).toProto()))
          .addOutputs(TxOutput.newBuilder().setValue(change.getValue() - 1).setLock(change.getLock()))
          .build(), List.of(member.keys())));
    }
    CountDownLatch release = blockTheLoop();
    long before = caches.signatures().verificationsPerformed();
    driver.received(PEER, PeerMessage.newBuilder()
        .setTransactions(TransactionBatch.newBuilder().addAllTransactions(chained)).build());
    Eventually.await("all sixteen signatures are verified while the loop is held", 10,
        () -> caches.signatures().verificationsPerformed() - before == chained.size());
    release.countDown();
  }

  @Test
  void aProposalsTransactionsAreVerifiedAheadInOneBatch() throws Exception {
    CountDownLatch release = blockTheLoop();
    long before = caches.signatures().verificationsPerformed();
    driver.received(PEER, PeerMessage.newBuilder().setProposal(proposal).build());
    // The proposal's own signature, then its eight payments in one batch.
    Eventually.await("the proposal's payments are verified while the loop is held", 10,
        () -> caches.signatures().verificationsPerformed() - before == 1 + payments.size());

    release.countDown();
    awaitSteps(STEPS_BEFORE + 1);
    long byTheCore = caches.signatures().verificationsPerformed() - before - (1 + payments.size());
    assertTrue(byTheCore < payments.size(), "the core verified the ticket, not the payments again: " + byTheCore);
  }

  /** Occupies the loop (after the start step) until the returned latch is released. */
  @Test
  void peersMessagesAreBoundedInBytesAndReleasedWhenTaken() throws Exception {
    CountDownLatch release = blockTheLoop();
    // A vote padded to 6 kB.
    PeerMessage big = PeerMessage.newBuilder().setVote(Vote.newBuilder().setHeight(1)
        .setBlockHash(ByteString.copyFrom(new byte[6_000]))).build();
    AtomicLong taken = new AtomicLong();
    int accepted = 0;
    for (int i = 0; i < 5; i++) {
      accepted += driver.received(PEER, big, taken::incrementAndGet) ? 1 : 0;
    }
    assertEquals(3, accepted, "three 6 kB messages fit in 20 kB, a fourth does not");
    assertEquals(2, driver.refusedForBytes());
    assertEquals(2, taken.get(), "a refused message's ticket runs at once");
    assertTrue(driver.queuedPeerBytes() > 18_000 && driver.queuedPeerBytes() <= PEER_CAPACITY_BYTES);

    release.countDown();
    awaitSteps(STEPS_BEFORE + 3);
    assertEquals(5, taken.get(), "the loop ran each accepted message's ticket when it took the message");
    assertEquals(0, driver.queuedPeerBytes());
  }

  /**
   * Occupies the loop until the returned latch is released: after the start step, a submission
   * whose delivery the sink holds. The driver has then taken {@link #STEPS_BEFORE} inputs once
   * released.
   */
  private CountDownLatch blockTheLoop() throws InterruptedException {
    awaitSteps(1);
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    sink.hold = new Hold(entered, release);
    driver.submitTransaction(Transaction.getDefaultInstance());
    assertTrue(entered.await(10, TimeUnit.SECONDS), "the loop holds in the submission's step");
    return release;
  }

  /** Polls the published snapshot until the loop has applied {@code steps} inputs. */
  private void awaitSteps(long steps) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (driver.snapshot().steps() < steps) {
      assertTrue(System.nanoTime() < deadline, "the loop applied " + driver.snapshot().steps() + " of " + steps);
      Thread.sleep(5);
    }
  }

  private static PeerMessage status() {
    return PeerMessage.newBuilder().setStatus(StatusAnnouncement.newBuilder().setHeight(0)).build();
  }

  /** Wake-ups fired by the test, not by time. */
  private final class HandAlarm implements Alarm {
    private record Wake(Alarm.Doorbell wake, long atMs, CompletableFuture<Void> handle) {}

    private final List<Wake> scheduled = new CopyOnWriteArrayList<>();

    @Override
    public Future<?> schedule(Alarm.Doorbell wake, long delayMs) {
      CompletableFuture<Void> handle = new CompletableFuture<>();
      scheduled.add(new Wake(wake, now.get() + delayMs, handle));
      return handle;
    }

    /** Wake-ups scheduled and neither fired nor cancelled. */
    long pending() {
      return scheduled.stream().filter(w -> !w.handle().isDone()).count();
    }

    /** Fires every pending wake-up that is due at the test's clock. */
    void fireDue() {
      for (Wake w : new ArrayList<>(scheduled)) {
        if (!w.handle().isDone() && w.atMs() <= now.get() && w.handle().complete(null)) {
          w.wake().ring();
        }
      }
    }

    @Override
    public void close() {
      scheduled.forEach(w -> w.handle().cancel(false));
    }
  }

  /** A delivery to hold: {@code entered} counts down when the loop is in it, which ends on {@code release}. */
  private record Hold(CountDownLatch entered, CountDownLatch release) {}

  /** Records what the driver delivers; can be told to fail a delivery or to hold the next one. */
  private static final class RecordingSink extends DiscardingSink {
    final List<Ready> delivered = new CopyOnWriteArrayList<>();
    final CompletableFuture<Throwable> halted = new CompletableFuture<>();
    volatile Throwable failDeliveryWith;
    volatile Hold hold;
    private final AtomicBoolean started = new AtomicBoolean();

    @Override
    public void applied(Ready ready) {
      Hold held = hold;
      if (held != null) {
        hold = null;
        held.entered().countDown();
        try {
          held.release().await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      } else if (started.getAndSet(true) && failDeliveryWith != null) {
        if (failDeliveryWith instanceof Error e) {
          throw e;
        }
        throw (RuntimeException) failDeliveryWith;
      }
      delivered.add(ready);
    }

    @Override
    public void halted(Throwable cause) {
      halted.complete(cause);
    }

    long statusGossips() {
      return delivered.stream().flatMap(r -> r.messages().stream())
          .filter(m -> m instanceof Outbound.Gossip g && g.message().hasStatus()).count();
    }

    boolean gossipedStatus() {
      return statusGossips() > 0;
    }
  }
}
