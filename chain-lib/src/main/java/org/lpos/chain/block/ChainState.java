package org.lpos.chain.block;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.lpos.chain.cert.CertificateVerifier;
import org.lpos.chain.crypto.Hex;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.ledger.InMemoryUtxoSet;
import org.lpos.chain.ledger.PendingUtxos;
import org.lpos.chain.ledger.Reason;
import org.lpos.chain.ledger.Rejection;
import org.lpos.chain.ledger.TransactionSignatures;
import org.lpos.chain.ledger.TransactionValidator;
import org.lpos.chain.ledger.TxOutcome;
import org.lpos.chain.ledger.UtxoSet;
import org.lpos.chain.lottery.SeedProofs;
import org.lpos.chain.lottery.StakeSnapshots;
import org.lpos.chain.lottery.VrfSeeds;
import org.lpos.chain.model.Blocks;
import org.lpos.chain.model.ChainCaches;
import org.lpos.chain.model.MerkleRoot;
import org.lpos.chain.senate.OwnerStake;
import org.lpos.chain.senate.SeatLottery;
import org.lpos.chain.senate.Senate;
import org.lpos.chain.senate.StakeLine;
import org.lpos.chain.ticket.TicketValidator;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.BlockHeader;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.ChainParams;
import org.lpos.proto.v1.Lottery;
import org.lpos.proto.v1.Transaction;

/**
 * A chain's state after its last applied block: parameters, UTXO set, tip and the senate of the
 * next height. {@link #check} judges a certified block against it without changing anything;
 * {@link #apply} applies a valid block whole or not at all.
 *
 * <p>The seed of each draw comes from the chain's lottery: the director competition's ticket
 * (PROTOCOL §6) or, on a {@code LOTTERY_VRF} chain, the proposer's VRF output, with the stake read
 * from per-owner snapshots {@link StakeSnapshots#DELAY_BLOCKS} blocks old (§6a).
 */
public final class ChainState {
  private final ChainParams params;
  private final UtxoSet utxos;
  private final SeatLottery lottery;
  private final ChainCaches caches;
  /** The VRF rule, or null on a director chain. */
  private final VrfSeeds vrf;
  private ChainTip tip;
  /** The stake the VRF draws read, or null on a director chain. */
  private StakeSnapshots stake;
  private Senate nextSenate;
  /** The last proposal judged valid, and on which tip: committing that very block skips its body. */
  private Judged judged;

  /** A proposal's verdict, good while the state is still at {@code tip} (the same object). */
  private record Judged(ChainTip tip, Block block, BlockOutcome.Valid outcome) {}

  private ChainState(ChainParams params, UtxoSet utxos, ChainCaches caches, ChainTip tip, SeedProofs proofs,
      StakeSnapshots stake) {
    this.params = params;
    this.utxos = utxos;
    this.lottery = SeatLottery.of(params);
    this.caches = caches;
    this.tip = tip;
    boolean isVrf = params.getLottery() == Lottery.LOTTERY_VRF;
    this.vrf = isVrf ? new VrfSeeds(proofs) : null;
    this.stake = isVrf ? stake : null;
    if (isVrf && stake == null) {
      throw new IllegalArgumentException("a VRF chain needs its stake snapshots");
    }
  }

  /**
   * Starts a chain from its genesis block, in memory, with the follow-the-satoshi draw and caches
   * of its own.
   */
  public static GenesisOutcome fromGenesis(Block genesis) {
    return fromGenesis(genesis, new ChainCaches());
  }

  /** Starts a chain from its genesis block, in memory, checking blocks with {@code caches}. */
  public static GenesisOutcome fromGenesis(Block genesis, ChainCaches caches) {
    return fromGenesis(genesis, new InMemoryUtxoSet(), caches);
  }

  /** Starts a chain from its genesis block on an empty {@code utxos}. */
  public static GenesisOutcome fromGenesis(Block genesis, UtxoSet utxos, ChainCaches caches) {
    return fromGenesis(genesis, utxos, caches, SeedProofs.ecvrf());
  }

  /** Starts a chain from its genesis block on an empty {@code utxos}, verifying VRF proofs with {@code proofs}. */
  public static GenesisOutcome fromGenesis(Block genesis, UtxoSet utxos, ChainCaches caches, SeedProofs proofs) {
    if (utxos.size() != 0) {
      throw new IllegalArgumentException("genesis applies to an empty UTXO set");
    }
    List<Rejection> problems = GenesisRules.check(genesis, caches);
    if (!problems.isEmpty()) {
      return new GenesisOutcome.Invalid(problems);
    }
    PendingUtxos pending = new PendingUtxos(utxos);
    for (Transaction tx : genesis.getTransactionsList()) {
      TxOutcome.Valid valid = (TxOutcome.Valid) TransactionValidator.checkGenesis(caches, tx);
      pending.apply(valid.spent(), valid.created());
    }
    utxos.apply(pending.delta());
    BlockHeader h = genesis.getHeader();
    ChainTip tip = new ChainTip(0, Blocks.hash(h), h.getTimestampMs(), h.getTicket().getQ());
    StakeSnapshots stake = StakeSnapshots.start(OwnerStake.of(0, utxos.balances()));
    return new GenesisOutcome.Started(new ChainState(h.getParams(), utxos, caches, tip, proofs, stake));
  }

  /**
   * Resumes a chain from a stored snapshot (the UTXO set after {@code tip}) without replaying its
   * blocks. The caller vouches that the snapshot is the state after {@code tip} (a store verifies
   * its checksums before handing it over); {@code genesis} supplies the parameters and must be
   * the chain's genesis block. Blocks applied later are checked with {@code caches}. A VRF chain
   * cannot resume this way: it needs its older stake snapshots too.
   */
  public static ChainState restore(Block genesis, ChainTip tip, UtxoSet utxos, ChainCaches caches) {
    return restore(genesis, tip, utxos, caches, Optional.empty(), SeedProofs.ecvrf());
  }

  /**
   * {@link #restore(Block, ChainTip, UtxoSet, ChainCaches)} with the stake snapshots a VRF chain
   * draws from (ignored on a director chain): their latest must be {@code utxos}' totals at the tip.
   */
  public static ChainState restore(Block genesis, ChainTip tip, UtxoSet utxos, ChainCaches caches,
      Optional<StakeSnapshots> stake, SeedProofs proofs) {
    List<Rejection> problems = GenesisRules.check(genesis, caches);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid genesis block: " + problems);
    }
    if (tip.height() < 0) {
      throw new IllegalArgumentException("negative tip height: " + tip.height());
    }
    if (tip.height() == 0 && !tip.hash().equals(Blocks.hash(genesis.getHeader()))) {
      throw new IllegalArgumentException("a tip at height 0 must be the genesis block");
    }
    ChainParams params = genesis.getHeader().getParams();
    if (params.getLottery() == Lottery.LOTTERY_VRF) {
      StakeSnapshots s = stake.orElseThrow(() -> new IllegalArgumentException("a VRF chain resumes with its stake snapshots"));
      if (!s.latest().equals(OwnerStake.of(tip.height(), utxos.balances()))) {
        throw new IllegalArgumentException("the latest stake snapshot (" + s.latest() + ") is not the UTXO set at height "
            + tip.height());
      }
    }
    return new ChainState(params, utxos, caches, tip, proofs, stake.orElse(null));
  }

  /** The chain parameters fixed by genesis. */
  public ChainParams params() {
    return params;
  }

  /** The chain id. */
  public String chainId() {
    return params.getChainId();
  }

  /** What the node that owns this state remembers while checking: signatures, transaction ids. */
  public ChainCaches caches() {
    return caches;
  }

  /** The last applied block. */
  public ChainTip tip() {
    return tip;
  }

  /** The UTXO set after the tip. Read-only use: change it only through {@link #apply}. */
  public UtxoSet utxos() {
    return utxos;
  }

  /**
   * The senate of the next height (tip + 1), drawn from the tip's seed and, on a director chain,
   * the state after the tip, on a VRF chain the per-owner totals D blocks older.
   */
  public Senate nextSenate() {
    if (nextSenate == null) {
      StakeLine line = stake == null ? utxos.stakeIndex() : stake.forNextDraw();
      nextSenate = lottery.draw(tip.height() + 1, tip.q(), line, params.getSenateSeats());
    }
    return nextSenate;
  }

  /** The chain's lottery (genesis parameter). */
  public Lottery lottery() {
    return params.getLottery();
  }

  /** The per-owner stake snapshots the next draws read; empty on a director chain. */
  public Optional<StakeSnapshots> stakeSnapshots() {
    return Optional.ofNullable(stake);
  }

  /** {@code key}'s VRF proof for the next block (PROTOCOL §6a); only on a VRF chain. */
  public ByteString vrfProof(KeyPair key) {
    if (vrf == null) {
      throw new IllegalStateException("chain " + chainId() + " draws by the director competition, not a VRF");
    }
    return vrf.prove(key, chainId(), tip.height() + 1, tip.q());
  }

  /**
   * Judges a certified block for the next height without changing the state. Checks run in cost
   * order and stop at the first stage that fails: header and sizes, then the certificate (its
   * signers hold seats, enough of them, then their signatures), then the ticket, then the
   * transactions. A block anyone may gossip therefore costs no transaction signature checks unless
   * a quorum of the senate signed it.
   */
  public BlockOutcome check(CertifiedBlock certified) {
    Block block = certified.getBlock();
    ByteString hash = Blocks.hash(block.getHeader());
    List<Rejection> problems = checkHeader(block);
    if (!problems.isEmpty()) {
      return new BlockOutcome.Invalid(hash, problems);
    }
    BlockHeader h = block.getHeader();
    if (!certified.hasCertificate()) {
      return new BlockOutcome.Invalid(hash,
          List.of(Rejection.of(Reason.INSUFFICIENT_CERTIFICATE, "block has no commit certificate")));
    }
    problems.addAll(CertificateVerifier.check(caches.signatures(),
        certified.getCertificate(), chainId(), h.getHeight(), h.getRound(), hash, nextSenate()));
    if (!problems.isEmpty()) {
      return new BlockOutcome.Invalid(hash, problems);
    }
    if (judged != null && judged.tip() == tip && judged.outcome().blockHash().equals(hash)
        && (judged.block() == block || judged.block().equals(block))) {
      // The proposal this node judged on this very state, transactions and all (compared whole:
      // an odd last transaction repeated gives the same merkle root, so the header alone does
      // not name the body): its verdict and delta stand, and the body is not checked again.
      return judged.outcome();
    }
    // A quorum signed this block, so its transactions are almost surely valid: one batch for the
    // signatures over outputs committed before it (about 2.3 times cheaper each than one by one;
    // those verified already are remembered and skipped). A proposal gets no batch: a proposer
    // could make every senator verify a whole block whose first transaction is bad.
    caches.signatures().verifyAhead(TransactionSignatures.of(chainId(), block.getTransactionsList(), utxos));
    return checkBody(block, hash);
  }

  /**
   * Judges a proposed block for the next height (every rule but the commit certificate, which a
   * proposal does not have yet) without changing the state, in the cost order of {@link #check}.
   * A valid verdict is remembered: when the same block comes back certified on the same state,
   * {@link #check} checks its header and certificate only (issue 18: a senator validated every
   * committed block twice).
   */
  public BlockOutcome checkProposal(Block block) {
    ByteString hash = Blocks.hash(block.getHeader());
    List<Rejection> problems = checkHeader(block);
    if (!problems.isEmpty()) {
      return new BlockOutcome.Invalid(hash, problems);
    }
    BlockOutcome outcome = checkBody(block, hash);
    if (outcome instanceof BlockOutcome.Valid valid) {
      judged = new Judged(tip, block, valid);
    }
    return outcome;
  }

  /**
   * The ticket or the VRF proof, then the transactions in order, stopping at the first invalid
   * one: one bad transaction makes the block invalid, so verifying the rest would buy nothing.
   */
  private BlockOutcome checkBody(Block block, ByteString hash) {
    List<Rejection> ticketProblems = vrf != null ? vrf.check(block.getHeader(), tip.q())
        : TicketValidator.check(caches.signatures(), block.getHeader().getTicket(), chainId(), tip.hash(), tip.q(), utxos);
    if (!ticketProblems.isEmpty()) {
      return new BlockOutcome.Invalid(hash, ticketProblems);
    }
    PendingUtxos pending = new PendingUtxos(utxos);
    Set<ByteString> ids = new HashSet<>();
    long fees = 0;
    for (int i = 0; i < block.getTransactionsCount(); i++) {
      Transaction tx = block.getTransactions(i);
      ByteString txId = caches.txIds().id(tx);
      String where = "tx " + i + " (" + Hex.shortForm(txId) + "): ";
      if (!ids.add(txId)) {
        return new BlockOutcome.Invalid(hash,
            List.of(Rejection.of(Reason.DUPLICATE_TRANSACTION, where + "appears twice in the block")));
      }
      TxOutcome outcome = TransactionValidator.check(caches, chainId(), tx, pending);
      if (outcome instanceof TxOutcome.Invalid inv) {
        return new BlockOutcome.Invalid(hash, inv.problems().stream().map(p -> p.within(where)).toList());
      }
      TxOutcome.Valid v = (TxOutcome.Valid) outcome;
      pending.apply(v.spent(), v.created());
      fees += v.fee();
    }
    return new BlockOutcome.Valid(hash, pending.delta(), fees);
  }

  /** Applies {@code certified} if it is valid; otherwise changes nothing. */
  public BlockOutcome apply(CertifiedBlock certified) {
    BlockOutcome outcome = check(certified);
    if (outcome instanceof BlockOutcome.Valid valid) {
      utxos.apply(valid.delta());
      BlockHeader h = certified.getBlock().getHeader();
      ByteString q = vrf == null ? h.getTicket().getQ() : vrf.seedOf(h, tip.q()).orElseThrow();
      tip = new ChainTip(h.getHeight(), valid.blockHash(), h.getTimestampMs(), q);
      if (stake != null) {
        stake = stake.after(valid.delta());
      }
      nextSenate = null;
    }
    return outcome;
  }

  private List<Rejection> checkHeader(Block block) {
    List<Rejection> problems = new ArrayList<>();
    if (!block.hasHeader()) {
      problems.add(Rejection.of(Reason.MALFORMED, "block has no header"));
      return problems;
    }
    BlockHeader h = block.getHeader();
    if (!h.getChainId().equals(chainId())) {
      problems.add(Rejection.of(Reason.WRONG_CHAIN, "chain id %s, expected %s", h.getChainId(), chainId()));
    }
    if (h.getHeight() != tip.height() + 1) {
      problems.add(Rejection.of(Reason.WRONG_HEIGHT, "height %d, expected %d", h.getHeight(), tip.height() + 1));
    }
    if (!h.getPrevHash().equals(tip.hash())) {
      problems.add(Rejection.of(Reason.WRONG_PREV_HASH, "previous hash %s, expected %s",
          Hex.shortForm(h.getPrevHash()), Hex.shortForm(tip.hash())));
    }
    if (h.hasParams()) {
      problems.add(Rejection.of(Reason.MALFORMED, "only the genesis block carries chain parameters"));
    }
    if (h.getTimestampMs() < tip.timestampMs()) {
      problems.add(Rejection.of(Reason.BAD_TIMESTAMP, "timestamp %d precedes the previous block's %d",
          h.getTimestampMs(), tip.timestampMs()));
    }
    if (!h.getProposer().equals(nextSenate().proposer(Integer.toUnsignedLong(h.getRound())))) {
      problems.add(Rejection.of(Reason.BAD_PROPOSER, "proposer %s does not own seat %d (round %d)",
          Hex.shortForm(h.getProposer()), Integer.toUnsignedLong(h.getRound()) % nextSenate().size(),
          Integer.toUnsignedLong(h.getRound())));
    }
    if (vrf != null) {
      problems.addAll(VrfSeeds.checkShape(h));
    } else if (!h.hasTicket()) {
      problems.add(Rejection.of(Reason.BAD_TICKET, "block has no ticket"));
    } else if (!h.getVrfProof().isEmpty()) {
      problems.add(Rejection.of(Reason.BAD_VRF_PROOF, "a director chain's block carries no VRF proof"));
    }
    List<Rejection> oversize = new ArrayList<>(BlockLimits.check(block, params));
    oversize.addAll(BlockLimits.checkTransactions(block, params));
    problems.addAll(oversize);
    // Hashing every transaction is the dearest header check: not for a block already too large.
    if (oversize.isEmpty() && !h.getMerkleRoot().equals(MerkleRoot.ofTransactions(caches.txIds(), block.getTransactionsList()))) {
      problems.add(Rejection.of(Reason.BAD_MERKLE_ROOT, "merkle root does not match the transactions"));
    }
    return problems;
  }
}
