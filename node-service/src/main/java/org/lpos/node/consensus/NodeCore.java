package org.lpos.node.consensus;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Optional;
import org.lpos.chain.block.BlockOutcome;
import org.lpos.chain.block.ChainState;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.ledger.Reason;
import org.lpos.chain.ledger.Rejection;
import org.lpos.chain.ledger.UtxoDelta;
import org.lpos.chain.model.ChainCaches;
import org.lpos.chain.model.Utxo;
import org.lpos.chain.senate.Senate;
import org.lpos.chain.ticket.Tickets;
import org.lpos.proto.v1.AgreementState;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.BlockRequest;
import org.lpos.proto.v1.BlockResponse;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.CommitCertificate;
import org.lpos.proto.v1.Lottery;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.Ticket;
import org.lpos.proto.v1.TicketSubmission;
import org.lpos.proto.v1.Transaction;

/**
 * One node's protocol as a deterministic state machine (ARCHITECTURE "a pure core with a thin
 * shell"). Inputs are {@link Event}s, each stamped with the time the shell saw it; every step
 * returns a {@link Ready} batch: what to persist, then what to send, then when to wake the core.
 * No threads, sockets, clocks or unseeded randomness: the same events give the same outputs.
 *
 * <p>This class owns the chain, the pool, the director competition and the movement between
 * heights (commit, catch-up, forwarding); the agreement inside one height's senate is
 * {@link HeightAgreement}, which reaches the node only through {@link HeightServices} and reports
 * a decision by returning it: this class commits it and enters the next height once the
 * agreement's call has returned.
 */
public final class NodeCore {
  private static final long CATCH_UP_RETRY_MS = 2_000;
  private static final long REBROADCAST_MS = 1_000;
  /** How long a submitted transaction waits at most for others to share its message to the senate. */
  static final long TX_BATCH_DELAY_MS = UnsentTransactions.DELAY_MS;

  private final ConsensusConfig config;
  private final KeyPair key;
  private final ChainState chain;
  private final CommittedBlocks blocks;
  private final BlockGossip blockGossip = new BlockGossip();
  private final UnsentTransactions unsent = new UnsentTransactions();
  private final SignerGuard guard;
  private final TxPool pool;
  private final TicketBox tickets = new TicketBox();
  private final Timers timers = new Timers();
  private final NextHeightBuffer future;
  private final BlockSync sync;
  private HeightAgreement agreement;
  /** The agreement of the height committed last: certificates of it that arrive later are witnessed. */
  private HeightAgreement previous;
  /** The agreement state persisted before a restart, until the height it is for is entered. */
  private Optional<AgreementState> restoredAgreement;
  /** The peer whose input the core is looking at now (charged for its faults), or null. */
  private ByteString sender;
  private long equivocationsSeen;
  private final StepOutput out = new StepOutput();
  private final HeightServices services;
  private final ProposalPace pace = new ProposalPace();

  /**
   * A core for {@code key} on the chain of {@code genesis}, restored from {@code persisted}: from its chain
   * state if it has one (no block is replayed), otherwise by replaying and re-verifying its blocks.
   */
  public NodeCore(ConsensusConfig config, KeyPair key, Block genesis, PersistedState persisted) {
    this(config, key, genesis, persisted, new ChainCaches());
  }

  /**
   * A core as above whose replayed chain state checks blocks with {@code caches}, the node's own; a
   * restored chain state keeps the caches it was restored with.
   */
  public NodeCore(ConsensusConfig config, KeyPair key, Block genesis, PersistedState persisted, ChainCaches caches) {
    this.key = key;
    this.blocks = new CommittedBlocks(persisted.blocks());
    this.chain = ChainRecovery.recover(genesis, persisted, caches);
    // A VRF chain (PROTOCOL §6a) holds no director competition: a proposer waits for no tickets.
    this.config = chain.lottery() == Lottery.LOTTERY_VRF ? config.withTicketWindowMs(0) : config;
    this.guard = new SignerGuard(persisted.signer());
    this.restoredAgreement = persisted.agreement();
    this.pool = new TxPool(config.poolMaxTransactions(), config.poolMaxBytes(), chain.params(), chain.caches());
    this.sync = new BlockSync(new CatchUp(config.catchUpBatch(), CATCH_UP_RETRY_MS), chain, timers, out);
    this.future = new NextHeightBuffer(AheadScreen.largestProposalBytes(chain.params()));
    this.services = new CoreHeightServices(key, chain, guard, pool, tickets, timers, out);
  }

  /** Enters the first undecided height; call once before any {@link #handle}. */
  public Ready start(long nowMs) {
    out.clear();
    enterHeight(nowMs);
    return finish(nowMs);
  }

  /** Applies one event and returns what to persist, send and schedule. */
  public Ready handle(Event event) {
    out.clear();
    sender = null;
    blocks.forgetPersisted();
    long now = event.nowMs();
    if (event instanceof Event.Received r) {
      onMessage(r, now);
    } else if (event instanceof Event.Tick) {
      for (Timers.Timer t : timers.due(now)) {
        onTimer(t, now);
      }
    } else if (event instanceof Event.SubmitTransaction s) {
      onSubmit(s.transaction(), now);
    } else {
      throw new IllegalStateException("unhandled event type " + event.getClass().getName());
    }
    return finish(now);
  }

  /** A snapshot of this node's position. */
  public NodeStatus status() {
    if (agreement == null) {
      return new NodeStatus(height(), chain.tip().hash(), 0, Step.PROPOSE, 0, false, pool.size(), false,
          chain.nextSenate());
    }
    return new NodeStatus(height(), chain.tip().hash(), agreement.round(), agreement.step(),
        agreement.seats(), agreement.isProposer(), pool.size(), catchingUp(), chain.nextSenate());
  }

  /** The chain state after the last committed block (read-only use). */
  public ChainState chain() {
    return chain;
  }

  /** The committed block at {@code height} (1 to the tip), from the archive or from memory. */
  public Optional<CertifiedBlock> block(long height) {
    return blocks.block(height);
  }

  /** The committed block whose hash is {@code hash}, if this node has it. */
  public Optional<CertifiedBlock> block(ByteString hash) {
    return blocks.block(hash);
  }

  /** The committed blocks after genesis, in height order (tests and small chains). */
  public List<CertifiedBlock> committedBlocks() {
    return blocks.upTo(chain.tip().height());
  }

  /** Whether this node fetches blocks a peer claims it lacks (a hint only: it keeps voting meanwhile). */
  public boolean catchingUp() {
    return sync.behind(height());
  }

  /** This node's public key. */
  public ByteString publicKey() {
    return key.publicKey();
  }

  /** How many conflicting votes this node has seen. */
  public long equivocationsSeen() {
    return equivocationsSeen;
  }

  private long height() {
    return chain.tip().height() + 1;
  }

  private Ready finish(long now) {
    sender = null;
    // Blocks fetched or gossiped ahead may be waiting at the new height whatever committed the
    // last one (a response, a gossiped block, this senate's own decision); with them applied, ask
    // for what is still missing.
    applyBuffered(now);
    sync.pump(height(), now);
    // A node that fetches blocks keeps deciding its height: a peer's claim to be ahead is not
    // evidence (anyone can make it), and the signer guard and the persisted lock keep whatever it
    // signs here consistent with what it signed before. A decided block is committed here, once
    // the agreement's call has returned; the next height's agreement then progresses in turn.
    Optional<CertifiedBlock> decided = agreement.progress(now);
    while (decided.isPresent() && commitDecided(decided.get(), now)) {
      decided = agreement.progress(now);
    }
    Ready ready = out.take(guard.last(), agreement.takeChangedState(), timers.next());
    equivocationsSeen += ready.evidence().size();
    return ready;
  }

  private void enterHeight(long now) {
    boolean wasSenator = agreement != null && agreement.seats() > 0;
    timers.dropBelow(height());
    tickets.clear();
    Senate senate = chain.nextSenate();
    previous = agreement;
    agreement = new HeightAgreement(senate, config, key.publicKey(), now, services, pace);
    boolean senator = senate.seatsOf(key.publicKey()) > 0;
    // A node passing through heights whose blocks it already holds has no business in their
    // competitions, and a VRF chain (PROTOCOL §6a) holds none.
    Optional<Utxo> entry = sync.holds(height()) || chain.lottery() == Lottery.LOTTERY_VRF ? Optional.empty()
        : Tickets.entryOutput(key.publicKey(), chain.utxos());
    if (entry.isPresent()) {
      Ticket own = Tickets.create(key, chain.chainId(), chain.tip().hash(), chain.tip().q(), entry.get().key());
      if (senator) {
        tickets.offer(own, chain);
      }
      if (!senator || senate.senators().size() > 1) {
        send(toSenate(PeerMessage.newBuilder()
            .setTicket(TicketSubmission.newBuilder().setHeight(height()).setTicket(own)).build()));
      }
    }
    // A senator that leaves the senate hands its pool to the next one; a follower already sent its
    // clients' transactions to the senate on submission. So senators keep or hand over what they
    // hold, and a transaction not yet committed reaches every later senate.
    if (!senator && !pool.isEmpty()) {
      List<Transaction> pending = pool.drain();
      if (wasSenator) {
        FrameLimits.transactionBatches(pending).forEach(frame -> send(toSenate(frame)));
      }
    }
    agreement.startRound(restoredRound(), now);
    timers.schedule(now + REBROADCAST_MS, Timers.Kind.REBROADCAST, height(), 0);
    ByteString triggeredBy = sender;
    for (Event.Received r : future.drain()) {
      onMessage(r, now);
    }
    sender = triggeredBy;
  }

  /** Restores what this senator persisted at the height just entered; the round to start in. */
  private int restoredRound() {
    if (restoredAgreement.isEmpty()) {
      return 0;
    }
    AgreementState state = restoredAgreement.get();
    if (state.getHeight() < height()) {
      restoredAgreement = Optional.empty();
      return 0;
    }
    if (state.getHeight() > height()) {
      return 0;
    }
    restoredAgreement = Optional.empty();
    int signedRound = guard.last().filter(r -> r.height() == height()).map(SignerRecord::round).orElse(0);
    return agreement.restore(state, signedRound);
  }

  /** Admits a client's transaction and queues it for the senate ({@link UnsentTransactions}). */
  private void onSubmit(Transaction tx, long now) {
    Optional<Rejection> refused = pool.add(chain.chainId(), tx, chain.utxos());
    if (refused.isPresent()) {
      reject(refused.get());
      return;
    }
    UnsentTransactions.Next next = unsent.add(tx);
    if (next == UnsentTransactions.Next.SEND_NOW) {
      sendUnsent();
    } else if (next == UnsentTransactions.Next.ARM_TIMER) {
      timers.schedule(now + TX_BATCH_DELAY_MS, Timers.Kind.SEND_TRANSACTIONS, Long.MAX_VALUE, 0);
    }
  }

  private void sendUnsent() {
    unsent.takeFrames().forEach(frame -> send(toSenate(frame)));
  }

  private void onMessage(Event.Received r, long now) {
    sender = r.from();
    PeerMessage m = r.message();
    blockGossip.heardFrom(r.from(), m);
    switch (m.getBodyCase()) {
      case PROPOSAL -> routeByHeight(r, m.getProposal().getHeight(), now,
          () -> agreement.onProposal(m.getProposal(), r.from(), now));
      case VOTE -> routeByHeight(r, m.getVote().getHeight(), now, () -> agreement.onVote(m.getVote(), r.from()));
      case TICKET -> routeByHeight(r, m.getTicket().getHeight(), now, () -> onTicket(m.getTicket()));
      case TRANSACTIONS -> pool.addAll(chain.chainId(), m.getTransactions().getTransactionsList(), chain.utxos())
          .forEach(this::reject);
      case COMMITTED_BLOCK -> onCommittedBlock(r.from(), m.getCommittedBlock(), true, now);
      case BLOCK_REQUEST -> onBlockRequest(r.from(), m.getBlockRequest());
      case BLOCK_RESPONSE -> onBlockResponse(r.from(), m.getBlockResponse(), now);
      case STATUS -> sync.onStatus(r.from(), m.getStatus(), now);
      case COMMIT_NOTICE -> onCommitNotice(r.from(), m.getCommitNotice(), now);
      default -> reject(Rejection.of(Reason.BAD_MESSAGE, "empty message"));
    }
  }

  private void routeByHeight(Event.Received r, long msgHeight, long now, Runnable handler) {
    if (msgHeight == height()) {
      handler.run();
    } else if (msgHeight == height() + 1) {
      future.admit(r, chain).ifPresent(this::reject);
    } else if (msgHeight > height() + 1) {
      sync.claim(r.from(), msgHeight - 1, height(), now);
    }
  }

  private void onTicket(TicketSubmission submission) {
    if (agreement.seats() == 0) {
      return;
    }
    tickets.offer(submission.getTicket(), chain).ifPresent(this::reject);
  }

  private void onCommittedBlock(ByteString from, CertifiedBlock cb, boolean forward, long now) {
    long h = cb.getBlock().getHeader().getHeight();
    if (h < height()) {
      Optional.ofNullable(previous).filter(p -> h == height() - 1).ifPresent(p -> p.witness(cb.getCertificate(), from));
      return;
    }
    if (h > height()) {
      sync.offerAhead(from, cb, height(), now);
      return;
    }
    BlockOutcome outcome = chain.apply(cb);
    if (outcome instanceof BlockOutcome.Invalid invalid) {
      invalid.problems().forEach(p -> reject(p.within("committed block " + h + ": ")));
      return;
    }
    afterCommit(cb, ((BlockOutcome.Valid) outcome).delta(), forward, from, now);
    applyBuffered(now);
  }

  /**
   * A certificate sent instead of a block this node showed it holds: joined to its copy and
   * committed as the block would be; if it does not hold that block, fetched from the sender.
   */
  private void onCommitNotice(ByteString from, CommitCertificate cert, long now) {
    long h = cert.getHeight();
    Optional<Block> held = h == height() ? agreement.block(cert.getBlockHash()) : Optional.empty();
    if (held.isPresent()) {
      onCommittedBlock(from, CertifiedBlock.newBuilder().setBlock(held.get()).setCertificate(cert).build(), true, now);
    } else if (h >= height()) {
      sync.claim(from, h, height(), now);
    } else if (h == height() - 1 && previous != null) {
      previous.witness(cert, from);
    }
  }

  /** Answers with the requested blocks this node has, as many as fit one frame. */
  private void onBlockRequest(ByteString from, BlockRequest request) {
    BlockResponse response = blocks.answer(request, config.catchUpBatch(), chain.tip().height());
    send(new Outbound.ToPeer(from, PeerMessage.newBuilder().setBlockResponse(response).build()));
  }

  private void onBlockResponse(ByteString from, BlockResponse response, long now) {
    sync.onResponse(from, response, height());
    applyBuffered(now);
    sync.pump(height(), now);
  }

  /** Applies the blocks that wait at the next height, each verified against this node's senate. */
  private void applyBuffered(long now) {
    ByteString triggeredBy = sender;
    Optional<CatchUp.Buffered> next = sync.take(height());
    while (next.isPresent()) {
      CertifiedBlock cb = next.get().block();
      BlockOutcome outcome = chain.apply(cb);
      if (outcome instanceof BlockOutcome.Invalid invalid) {
        long h = cb.getBlock().getHeader().getHeight();
        sender = next.get().from();
        invalid.problems().forEach(p -> reject(Rejection.of(Reason.BAD_MESSAGE, "fetched block " + h + ": " + p)));
        sender = triggeredBy;
        sync.distrust(next.get().from());
        return;
      }
      afterCommit(cb, ((BlockOutcome.Valid) outcome).delta(), false, null, now);
      next = sync.take(height());
    }
  }

  private void onTimer(Timers.Timer t, long now) {
    switch (t.kind()) {
      case CATCH_UP_RETRY -> sync.expire(height(), now);
      case REBROADCAST -> onRebroadcast(t, now);
      case SEND_TRANSACTIONS -> sendUnsent();
      default -> {
        if (t.height() == height()) {
          agreement.onTimeout(t, now);
        }
      }
    }
  }

  /**
   * A height that lasts long: lost messages are never re-created by the rules, so re-send this
   * node's own signatures of the height and announce its height to its peers (a peer that missed
   * the gossip of a committed block learns it is behind and fetches it), and if a peer already
   * spoke of the next height (it committed this one), fetch the block from it.
   */
  private void onRebroadcast(Timers.Timer t, long now) {
    if (t.height() != height()) {
      return;
    }
    agreement.rebroadcast();
    send(new Outbound.Gossip(sync.status()));
    future.firstSender().ifPresent(peer -> sync.claim(peer, height(), height(), now));
    timers.schedule(now + REBROADCAST_MS, Timers.Kind.REBROADCAST, height(), 0);
  }

  /**
   * Commits a block this node's senate decided, with the certificate made of its precommits, and
   * enters the next height; false (the block refused) if it does not apply.
   */
  private boolean commitDecided(CertifiedBlock cb, long now) {
    BlockOutcome outcome = chain.apply(cb);
    if (outcome instanceof BlockOutcome.Invalid invalid) {
      invalid.problems().forEach(p -> reject(p.within("decided block: ")));
      return false;
    }
    afterCommit(cb, ((BlockOutcome.Valid) outcome).delta(), true, null, now);
    return true;
  }

  /** {@code from}: the peer that sent the block, or null. */
  private void afterCommit(CertifiedBlock cb, UtxoDelta delta, boolean gossip, ByteString from, long now) {
    agreement.witness(cb.getCertificate(), from);
    blocks.add(cb);
    out.committed(cb, delta);
    if (gossip) {
      blockGossip.committed(cb, from).forEach(this::send);
    }
    pool.onCommit(cb.getBlock());
    enterHeight(now);
  }

  /** The signer guard (tests read what a node signed last). */
  SignerGuard guard() {
    return guard;
  }

  /** A message to the senate of the height being decided, this node excluded. */
  private Outbound toSenate(PeerMessage message) {
    return agreement.toSenate(message);
  }

  private void send(Outbound message) {
    out.send(message);
  }

  /** Records a refused input of the peer being heard now (if any). */
  private void reject(Rejection rejection) {
    out.reject(sender, rejection);
  }
}
