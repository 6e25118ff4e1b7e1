package org.lpos.node.consensus;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.lpos.chain.block.BlockOutcome;
import org.lpos.chain.block.ChainState;
import org.lpos.chain.block.GenesisOutcome;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.ledger.Reason;
import org.lpos.chain.ledger.Rejection;
import org.lpos.chain.ledger.UtxoDelta;
import org.lpos.chain.model.Blocks;
import org.lpos.chain.model.ChainCaches;
import org.lpos.chain.model.Utxo;
import org.lpos.chain.senate.Senate;
import org.lpos.chain.ticket.Tickets;
import org.lpos.proto.v1.AgreementState;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.BlockRequest;
import org.lpos.proto.v1.BlockResponse;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.StatusAnnouncement;
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
 * {@link HeightAgreement}.
 */
public final class NodeCore {
  private static final long CATCH_UP_RETRY_MS = 2_000;
  private static final long REBROADCAST_MS = 1_000;
  /** How long a submitted transaction waits at most for others to share its message to the senate. */
  static final long TX_BATCH_DELAY_MS = 5;
  /** Transactions per message to the senate at most. */
  static final int TX_BATCH_MAX = 256;

  private final ConsensusConfig config;
  private final KeyPair key;
  private final ChainState chain;
  private final BlockArchive archive;
  private final List<CertifiedBlock> recent = new ArrayList<>();
  private final BlockGossip blockGossip = new BlockGossip();
  /** Clients' transactions admitted to the pool and not yet sent to the senate. */
  private final List<Transaction> unsent = new ArrayList<>();
  private long unsentBytes;
  private final SignerGuard guard;
  private final TxPool pool;
  private final TicketBox tickets = new TicketBox();
  private final Timers timers = new Timers();
  private final NextHeightBuffer future;
  private final CatchUp catchUp;
  private HeightAgreement agreement;
  /** The agreement state persisted before a restart, until the height it is for is entered. */
  private Optional<AgreementState> restoredAgreement;
  /** The peer whose input the core is looking at now (charged for its faults), or null. */
  private ByteString sender;
  private long equivocationsSeen;
  private Output out = new Output();

  /**
   * A core for {@code key} on the chain of {@code genesis}, restored from {@code persisted}: from
   * its chain state if it has one (no block is replayed), otherwise by replaying its blocks from
   * genesis, each verified again.
   */
  public NodeCore(ConsensusConfig config, KeyPair key, Block genesis, PersistedState persisted) {
    this(config, key, genesis, persisted, new ChainCaches());
  }

  /**
   * A core as above whose replayed chain state checks blocks with {@code caches}, the node's own; a
   * restored chain state keeps the caches it was restored with.
   */
  public NodeCore(ConsensusConfig config, KeyPair key, Block genesis, PersistedState persisted, ChainCaches caches) {
    this.config = config;
    this.key = key;
    this.archive = persisted.blocks();
    this.chain = persisted.chain().isPresent() ? restored(genesis, persisted) : replayed(genesis, archive, caches);
    this.guard = new SignerGuard(persisted.signer());
    this.restoredAgreement = persisted.agreement();
    this.pool = new TxPool(config.poolMaxTransactions(), config.poolMaxBytes(), chain.params(), chain.caches());
    this.catchUp = new CatchUp(config.catchUpBatch(), CATCH_UP_RETRY_MS);
    this.future = new NextHeightBuffer(AheadScreen.largestProposalBytes(chain.params()));
  }

  private static ChainState restored(Block genesis, PersistedState persisted) {
    ChainState state = persisted.chain().get();
    if (!state.chainId().equals(genesis.getHeader().getChainId())) {
      throw new IllegalArgumentException("stored chain " + state.chainId() + " is not the chain of the genesis block ("
          + genesis.getHeader().getChainId() + ")");
    }
    if (state.tip().height() != persisted.blocks().lastHeight()) {
      throw new IllegalArgumentException("stored chain state is at height " + state.tip().height()
          + " but the stored blocks end at " + persisted.blocks().lastHeight());
    }
    return state;
  }

  private static ChainState replayed(Block genesis, BlockArchive archive, ChainCaches caches) {
    GenesisOutcome start = ChainState.fromGenesis(genesis, caches);
    if (start instanceof GenesisOutcome.Invalid invalid) {
      throw new IllegalArgumentException("invalid genesis block: " + invalid.problems());
    }
    ChainState state = ((GenesisOutcome.Started) start).state();
    for (long h = 1; h <= archive.lastHeight(); h++) {
      long height = h;
      CertifiedBlock cb = archive.block(h).orElseThrow(
          () -> new IllegalStateException("persisted block " + height + " is missing"));
      BlockOutcome outcome = state.apply(cb);
      if (outcome instanceof BlockOutcome.Invalid invalid) {
        throw new IllegalStateException("persisted block " + h + " does not verify: " + invalid.problems());
      }
    }
    return state;
  }

  /** Enters the first undecided height; call once before any {@link #handle}. */
  public Ready start(long nowMs) {
    out = new Output();
    enterHeight(nowMs);
    return finish(nowMs);
  }

  /** Applies one event and returns what to persist, send and schedule. */
  public Ready handle(Event event) {
    out = new Output();
    sender = null;
    forgetPersisted();
    long now = event.nowMs();
    if (event instanceof Event.Received r) {
      onMessage(r, now);
    } else if (event instanceof Event.Tick) {
      for (Timers.Timer t : timers.due(now)) {
        onTimer(t, now);
      }
    } else if (event instanceof Event.SubmitTransaction s) {
      onSubmit(s.transaction(), now);
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
    if (height <= archive.lastHeight()) {
      return archive.block(height);
    }
    if (recent.isEmpty()) {
      return Optional.empty();
    }
    long index = height - recent.get(0).getBlock().getHeader().getHeight();
    return index >= 0 && index < recent.size() ? Optional.of(recent.get((int) index)) : Optional.empty();
  }

  /** The committed block whose hash is {@code hash}, if this node has it. */
  public Optional<CertifiedBlock> block(ByteString hash) {
    OptionalLong h = archive.heightOf(hash);
    if (h.isPresent()) {
      return archive.block(h.getAsLong());
    }
    return recent.stream().filter(cb -> Blocks.hash(cb.getBlock()).equals(hash)).findFirst();
  }

  /** The committed blocks after genesis, in height order (tests and small chains). */
  public List<CertifiedBlock> committedBlocks() {
    List<CertifiedBlock> all = new ArrayList<>();
    for (long h = 1; h <= chain.tip().height(); h++) {
      block(h).ifPresent(all::add);
    }
    return all;
  }

  /**
   * Whether this node is fetching blocks a peer claims it lacks. Only a hint for operators: a
   * node that fetches keeps voting at its height, since a claim proves nothing.
   */
  public boolean catchingUp() {
    return catchUp.behind(height());
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
    pumpCatchUp(now);
    // A node that fetches blocks keeps deciding its height: a peer's claim to be ahead is not
    // evidence (anyone can make it), and the signer guard and the persisted lock keep whatever it
    // signs here consistent with what it signed before.
    HeightAgreement current;
    do {
      current = agreement;
      current.progress(now);
    } while (current != agreement);
    return out.build(timers.next());
  }

  private void enterHeight(long now) {
    boolean wasSenator = agreement != null && agreement.seats() > 0;
    timers.dropBelow(height());
    tickets.clear();
    Senate senate = chain.nextSenate();
    agreement = new HeightAgreement(this, senate, now);
    boolean senator = senate.seatsOf(key.publicKey()) > 0;
    // A node passing through heights whose blocks it already holds has no business in their
    // competitions.
    Optional<Utxo> entry = catchUp.holds(height()) ? Optional.empty()
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

  /**
   * Admits a client's transaction and queues it for the senate. Transactions leave in batches, at
   * most {@value #TX_BATCH_DELAY_MS} ms after the first of a batch arrived or at once when the
   * batch holds {@value #TX_BATCH_MAX} or a frame's worth of bytes: one message per transaction
   * cost more than checking it.
   */
  private void onSubmit(Transaction tx, long now) {
    Optional<Rejection> refused = pool.add(chain.chainId(), tx, chain.utxos());
    if (refused.isPresent()) {
      reject(refused.get());
      return;
    }
    unsent.add(tx);
    unsentBytes += tx.getSerializedSize();
    if (unsent.size() >= TX_BATCH_MAX || unsentBytes >= FrameLimits.MAX_BATCH_CONTENT_BYTES) {
      sendUnsent();
    } else if (unsent.size() == 1) {
      timers.schedule(now + TX_BATCH_DELAY_MS, Timers.Kind.SEND_TRANSACTIONS, Long.MAX_VALUE, 0);
    }
  }

  private void sendUnsent() {
    if (unsent.isEmpty()) {
      return;
    }
    FrameLimits.transactionBatches(unsent).forEach(frame -> send(toSenate(frame)));
    unsent.clear();
    unsentBytes = 0;
  }

  private void onMessage(Event.Received r, long now) {
    sender = r.from();
    PeerMessage m = r.message();
    heldHeight(m).ifPresent(h -> blockGossip.heard(r.from(), h));
    switch (m.getBodyCase()) {
      case PROPOSAL -> routeByHeight(r, m.getProposal().getHeight(), now,
          () -> agreement.onProposal(m.getProposal(), now));
      case VOTE -> routeByHeight(r, m.getVote().getHeight(), now, () -> agreement.onVote(m.getVote(), now));
      case TICKET -> routeByHeight(r, m.getTicket().getHeight(), now, () -> onTicket(m.getTicket()));
      case TRANSACTIONS -> {
        for (Transaction tx : m.getTransactions().getTransactionsList()) {
          pool.add(chain.chainId(), tx, chain.utxos()).ifPresent(this::reject);
        }
      }
      case COMMITTED_BLOCK -> onCommittedBlock(r.from(), m.getCommittedBlock(), true, now);
      case BLOCK_REQUEST -> onBlockRequest(r.from(), m.getBlockRequest());
      case BLOCK_RESPONSE -> onBlockResponse(r.from(), m.getBlockResponse(), now);
      case STATUS -> {
        long theirTip = m.getStatus().getHeight();
        if (theirTip >= height()) {
          learnTip(r.from(), theirTip, now);
        } else if (theirTip < chain.tip().height()) {
          // The peer is behind, and it may hear of no later height (it is in no later senate, or
          // missed the gossip): tell it where we are so that it asks us for the blocks.
          send(new Outbound.ToPeer(r.from(), statusMessage()));
        }
      }
      default -> reject(Rejection.of(Reason.BAD_MESSAGE, "empty message"));
    }
  }

  /** The height a peer shows it holds by sending {@code m}: messages of height h + 1 show h. */
  private static OptionalLong heldHeight(PeerMessage m) {
    return switch (m.getBodyCase()) {
      case PROPOSAL -> OptionalLong.of(m.getProposal().getHeight() - 1);
      case VOTE -> OptionalLong.of(m.getVote().getHeight() - 1);
      case TICKET -> OptionalLong.of(m.getTicket().getHeight() - 1);
      case COMMITTED_BLOCK -> OptionalLong.of(m.getCommittedBlock().getBlock().getHeader().getHeight());
      case STATUS -> OptionalLong.of(m.getStatus().getHeight());
      default -> OptionalLong.empty();
    };
  }

  private void routeByHeight(Event.Received r, long msgHeight, long now, Runnable handler) {
    if (msgHeight == height()) {
      handler.run();
    } else if (msgHeight == height() + 1) {
      // Only stakeholders can sit in the next senate: a key without stake fills no buffer, and
      // what a stakeholder sends is screened as far as it can be before the height's senate is known.
      if (chain.utxos().largestOwnedBy(r.from()).isPresent()) {
        AheadScreen.Verdict verdict = AheadScreen.nextHeightMessage(r.message(), chain);
        if (verdict instanceof AheadScreen.Verdict.Refuse refused) {
          reject(refused.rejection());
        } else if (verdict instanceof AheadScreen.Verdict.Keep) {
          future.add(r);
        }
      }
    } else if (msgHeight > height() + 1) {
      learnTip(r.from(), msgHeight - 1, now);
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
      return;
    }
    if (h > height()) {
      Optional<Rejection> refused = AheadScreen.blockAhead(cb, chain);
      if (refused.isPresent()) {
        reject(refused.get().within("gossiped block " + h + ": "));
        return;
      }
      catchUp.offer(from, cb, height());
      pumpCatchUp(now);
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
   * Answers with the requested blocks this node has, as many as fit one frame
   * ({@link FrameLimits}): at least one, and {@code more} set when the frame, not the chain,
   * ended the answer, so the requester asks again rather than doubt the claim.
   */
  private void onBlockRequest(ByteString from, BlockRequest request) {
    long first = Math.max(1, request.getFromHeight());
    long last = Math.min(first + Math.min(Integer.toUnsignedLong(request.getCount()), config.catchUpBatch()) - 1,
        chain.tip().height());
    BlockResponse.Builder response = BlockResponse.newBuilder();
    long bytes = 0;
    for (long h = first; h <= last; h++) {
      Optional<CertifiedBlock> cb = block(h);
      if (cb.isEmpty()) {
        break;
      }
      int cost = CodedOutputStream.computeMessageSize(BlockResponse.BLOCKS_FIELD_NUMBER, cb.get());
      if (response.getBlocksCount() > 0 && bytes + cost > FrameLimits.MAX_BATCH_CONTENT_BYTES) {
        response.setMore(true);
        break;
      }
      response.addBlocks(cb.get());
      bytes += cost;
    }
    send(new Outbound.ToPeer(from, PeerMessage.newBuilder().setBlockResponse(response).build()));
  }

  private void onBlockResponse(ByteString from, BlockResponse response, long now) {
    List<CertifiedBlock> screened = new ArrayList<>(response.getBlocksCount());
    for (CertifiedBlock cb : response.getBlocksList()) {
      Optional<Rejection> refused = AheadScreen.blockAhead(cb, chain);
      if (refused.isPresent()) {
        reject(refused.get().within("fetched block " + cb.getBlock().getHeader().getHeight() + ": "));
        continue;
      }
      screened.add(cb);
    }
    catchUp.onResponse(from, screened, response.getMore(), height());
    applyBuffered(now);
    pumpCatchUp(now);
  }

  /** Applies the blocks that wait at the next height, each verified against this node's senate. */
  private void applyBuffered(long now) {
    ByteString triggeredBy = sender;
    Optional<CatchUp.Buffered> next = catchUp.take(height());
    while (next.isPresent()) {
      CertifiedBlock cb = next.get().block();
      BlockOutcome outcome = chain.apply(cb);
      if (outcome instanceof BlockOutcome.Invalid invalid) {
        long h = cb.getBlock().getHeader().getHeight();
        sender = next.get().from();
        invalid.problems().forEach(p -> reject(Rejection.of(Reason.BAD_MESSAGE, "fetched block " + h + ": " + p)));
        sender = triggeredBy;
        catchUp.distrust(next.get().from());
        return;
      }
      afterCommit(cb, ((BlockOutcome.Valid) outcome).delta(), false, null, now);
      next = catchUp.take(height());
    }
  }

  private void learnTip(ByteString peer, long tip, long now) {
    catchUp.claim(peer, tip);
    pumpCatchUp(now);
  }

  private void pumpCatchUp(long now) {
    for (CatchUp.Request r : catchUp.plan(height(), now)) {
      // Catch-up timers belong to no height: entering a height must not drop them.
      timers.schedule(r.deadlineMs(), Timers.Kind.CATCH_UP_RETRY, Long.MAX_VALUE, 0);
      send(new Outbound.ToPeer(r.peer(), PeerMessage.newBuilder()
          .setBlockRequest(BlockRequest.newBuilder().setFromHeight(r.fromHeight()).setCount(r.count()))
          .build()));
    }
  }

  private void onTimer(Timers.Timer t, long now) {
    if (t.kind() == Timers.Kind.CATCH_UP_RETRY) {
      catchUp.expire(now);
      pumpCatchUp(now);
      return;
    }
    if (t.kind() == Timers.Kind.REBROADCAST) {
      onRebroadcast(t, now);
      return;
    }
    if (t.kind() == Timers.Kind.SEND_TRANSACTIONS) {
      sendUnsent();
      return;
    }
    if (t.height() == height()) {
      agreement.onTimeout(t, now);
    }
  }

  /**
   * A height that lasts long: lost messages are never re-created by the rules, so re-send this
   * node's own signatures of the height and announce its height to its peers (a peer that missed
   * the gossip of a committed block learns it is behind and fetches it), and if a peer already
   * spoke of the next height (it committed this one), fetch the block from it.
   */
  private PeerMessage statusMessage() {
    return PeerMessage.newBuilder().setStatus(StatusAnnouncement.newBuilder()
        .setHeight(chain.tip().height()).setLastBlockHash(chain.tip().hash())).build();
  }

  private void onRebroadcast(Timers.Timer t, long now) {
    if (t.height() != height()) {
      return;
    }
    agreement.rebroadcast();
    send(new Outbound.Gossip(statusMessage()));
    future.firstSender().ifPresent(peer -> learnTip(peer, height(), now));
    timers.schedule(now + REBROADCAST_MS, Timers.Kind.REBROADCAST, height(), 0);
  }

  /** Commits a block this node's senate decided, with the certificate made of its precommits. */
  void commitDecided(CertifiedBlock cb, long now) {
    BlockOutcome outcome = chain.apply(cb);
    if (outcome instanceof BlockOutcome.Invalid invalid) {
      invalid.problems().forEach(p -> reject(p.within("decided block: ")));
      return;
    }
    afterCommit(cb, ((BlockOutcome.Valid) outcome).delta(), true, null, now);
  }

  /** {@code from}: the peer that sent the block, or null. */
  private void afterCommit(CertifiedBlock cb, UtxoDelta delta, boolean gossip, ByteString from, long now) {
    recent.add(cb);
    out.committed.add(cb);
    out.deltas.add(delta);
    if (gossip) {
      send(blockGossip.committed(cb, from));
    }
    pool.onCommit(cb.getBlock());
    enterHeight(now);
  }

  // ---- services for HeightAgreement ----

  ConsensusConfig config() {
    return config;
  }

  KeyPair key() {
    return key;
  }

  SignerGuard guard() {
    return guard;
  }

  TxPool pool() {
    return pool;
  }

  TicketBox tickets() {
    return tickets;
  }

  Timers timers() {
    return timers;
  }

  /** A message to the senate of the height being decided, this node excluded. */
  Outbound toSenate(PeerMessage message) {
    List<ByteString> senators = new ArrayList<>(agreement.senate().senators());
    senators.remove(key.publicKey());
    return new Outbound.ToSenate(height(), senators, message);
  }

  void send(Outbound message) {
    out.messages.add(message);
  }

  void signed() {
    out.signed = true;
  }

  /** Records a refused input of the peer being heard now (if any). */
  void reject(Rejection rejection) {
    rejectFrom(sender, rejection);
  }

  /** Records a refused input; one that blames its sender is also charged to {@code peer} (if known). */
  void rejectFrom(ByteString peer, Rejection rejection) {
    out.rejected.add(rejection);
    if (peer != null && Offence.blamesSender(rejection.reason())) {
      out.offences.add(new Offence(peer, rejection));
    }
  }

  /** The peer whose message the core is handling now, or null. */
  ByteString sender() {
    return sender;
  }

  void evidence(Equivocation e) {
    equivocationsSeen++;
    out.evidence.add(e);
  }

  /**
   * Drops from memory the blocks the shell has persisted since (it persists each step's blocks
   * before the next step), so memory holds only what the archive does not.
   */
  private void forgetPersisted() {
    long persisted = archive.lastHeight();
    while (!recent.isEmpty() && recent.get(0).getBlock().getHeader().getHeight() <= persisted) {
      recent.remove(0);
    }
  }

  /** Accumulates one step's outputs. */
  private final class Output {
    final List<CertifiedBlock> committed = new ArrayList<>();
    final List<UtxoDelta> deltas = new ArrayList<>();
    final List<Outbound> messages = new ArrayList<>();
    final List<Rejection> rejected = new ArrayList<>();
    final List<Equivocation> evidence = new ArrayList<>();
    final List<Offence> offences = new ArrayList<>();
    boolean signed;

    Ready build(java.util.OptionalLong wakeUp) {
      return new Ready(signed ? guard.last() : Optional.empty(), agreement.takeChangedState(), committed, deltas,
          messages, wakeUp, rejected, evidence, offences);
    }
  }
}
