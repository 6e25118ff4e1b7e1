package org.lpos.lab.sim;

import com.google.errorprone.annotations.FormatMethod;
import com.google.errorprone.annotations.FormatString;
import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.lpos.chain.block.BlockOutcome;
import org.lpos.chain.block.ChainState;
import org.lpos.chain.block.GenesisOutcome;
import org.lpos.chain.cert.CertificateVerifier;
import org.lpos.chain.crypto.Hex;
import org.lpos.chain.ledger.Rejection;
import org.lpos.chain.model.Blocks;
import org.lpos.chain.model.ChainCaches;
import org.lpos.chain.senate.Senate;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.Proposal;
import org.lpos.proto.v1.Vote;

/**
 * The safety checkers, fed after every step: agreement (no two honest nodes commit different
 * blocks at one height), validity (every committed block applies on a reference chain and its
 * certificate holds at least Q seats of its height's senate), value conservation (the UTXO total
 * is genesis value minus burned fees, at the reference and at every honest node) and no double
 * signing by honest senators (every proposal and vote an honest node sends is remembered by
 * position). Agreement is asserted only at heights where the Byzantine members hold at most f
 * seats; a conflict elsewhere is counted, and the node that forked is no longer checked.
 */
final class SafetyChecker {
  private static final int VIOLATIONS_KEPT = 20;

  private final ChainState reference;
  private final Set<ByteString> byzantine;
  private final Map<Long, ByteString> hashAt = new HashMap<>();
  private final Map<Long, Long> valueAt = new HashMap<>();
  private final Map<Long, Senate> senateAt = new HashMap<>();
  private final Map<Long, Integer> byzantineSeatsAt = new HashMap<>();
  private final SortedMap<Integer, Integer> roundsPerHeight = new TreeMap<>();
  private final Map<Long, Integer> roundAt = new HashMap<>();
  private final double byzantineStakeShare;
  private final Map<SignedPosition, ByteString> signed = new HashMap<>();
  private final List<String> violations = new ArrayList<>();
  private final Set<String> forked = new HashSet<>();
  private long violationCount;
  private long doubleSigns;
  private long unassertedConflicts;
  private long burnedFees;
  private long committedTransactions;
  private int maxByzantineSeats;
  private long heightsAboveF;

  /** One signed position: (signer, height, round, kind) where kind 0 = proposal, else the vote type. */
  private record SignedPosition(ByteString signer, long height, int round, int kind) {}

  SafetyChecker(Block genesis, Set<ByteString> byzantine, ChainCaches caches) {
    this.reference = ((GenesisOutcome.Started) ChainState.fromGenesis(genesis, caches)).state();
    this.byzantine = Set.copyOf(byzantine);
    valueAt.put(0L, reference.utxos().totalValue());
    long byzantineStake = reference.utxos().balances().entrySet().stream()
        .filter(e -> this.byzantine.contains(e.getKey())).mapToLong(Map.Entry::getValue).sum();
    this.byzantineStakeShare = byzantineStake / (double) reference.utxos().totalValue();
    recordNextSenate();
  }

  /** Marks a node's UTXO total as unknown (a step that committed several blocks). */
  static final long UNKNOWN_VALUE = Long.MIN_VALUE;

  /** An honest node committed {@code cb}; {@code nodeValue} is its UTXO total after it, or {@link #UNKNOWN_VALUE}. */
  void onHonestCommit(String node, CertifiedBlock cb, long nodeValue) {
    if (forked.contains(node)) {
      return;
    }
    long h = cb.getBlock().getHeader().getHeight();
    ByteString hash = Blocks.hash(cb.getBlock());
    ByteString known = hashAt.get(h);
    if (known == null) {
      if (h != reference.tip().height() + 1) {
        violation("%s committed height %d before any honest node committed height %d", node, h,
            reference.tip().height() + 1);
        return;
      }
      BlockOutcome outcome = reference.apply(cb);
      if (outcome instanceof BlockOutcome.Invalid invalid) {
        violation("%s committed an invalid block at height %d: %s", node, h, invalid.problems().get(0));
        return;
      }
      burnedFees += ((BlockOutcome.Valid) outcome).fees();
      committedTransactions += cb.getBlock().getTransactionsCount();
      hashAt.put(h, hash);
      valueAt.put(h, reference.utxos().totalValue());
      roundsPerHeight.merge(cb.getCertificate().getRound(), 1, Integer::sum);
      roundAt.put(h, cb.getCertificate().getRound());
      long expected = valueAt.get(0L) - burnedFees;
      if (reference.utxos().totalValue() != expected) {
        violation("value not conserved at height %d: %d held, %d expected", h, reference.utxos().totalValue(), expected);
      }
      recordNextSenate();
    } else if (!known.equals(hash)) {
      if (byzantineSeatsAt.getOrDefault(h, 0) <= senateAt.get(h).maxFaulty()) {
        violation("agreement: %s committed %s at height %d, others %s", node, Hex.shortForm(hash), h,
            Hex.shortForm(known));
      } else {
        unassertedConflicts++;
        forked.add(node);
      }
      return;
    } else {
      Senate senate = senateAt.get(h);
      List<Rejection> problems = CertificateVerifier.check(reference.caches().signatures(), cb.getCertificate(), reference.chainId(), h,
          cb.getBlock().getHeader().getRound(), hash, senate);
      if (!problems.isEmpty()) {
        violation("%s committed height %d with a bad certificate: %s", node, h, problems.get(0));
      }
    }
    Long value = valueAt.get(h);
    if (value != null && nodeValue != UNKNOWN_VALUE && value != nodeValue) {
      violation("%s holds value %d after height %d, the reference %d", node, nodeValue, h, value);
    }
  }

  /**
   * An honest node whose key is {@code key} sent {@code m}: a second, different signature of its
   * own at one position is a double sign (votes of others it relays are not its signatures).
   */
  void onHonestSend(String node, ByteString key, PeerMessage m) {
    if (m.hasVote() && m.getVote().getSigner().equals(key)) {
      Vote v = m.getVote();
      remember(node, new SignedPosition(v.getSigner(), v.getHeight(), v.getRound(), v.getTypeValue()), v.getBlockHash());
    } else if (m.hasProposal() && m.getProposal().getProposer().equals(key)) {
      Proposal p = m.getProposal();
      remember(node, new SignedPosition(p.getProposer(), p.getHeight(), p.getRound(), 0), Blocks.hash(p.getBlock()));
    }
  }

  private void remember(String node, SignedPosition position, ByteString hash) {
    ByteString earlier = signed.putIfAbsent(position, hash);
    if (earlier != null && !earlier.equals(hash)) {
      doubleSigns++;
      violation("double sign: %s signed %s and %s at height %d round %d (%s)", node, Hex.shortForm(earlier),
          Hex.shortForm(hash), position.height(), position.round(), position.kind() == 0 ? "proposal" : "vote");
    }
  }

  private void recordNextSenate() {
    Senate senate = reference.nextSenate();
    senateAt.put(senate.height(), senate);
    int seats = 0;
    for (ByteString b : byzantine) {
      seats += senate.seatsOf(b);
    }
    byzantineSeatsAt.put(senate.height(), seats);
    maxByzantineSeats = Math.max(maxByzantineSeats, seats);
    if (seats > senate.maxFaulty()) {
      heightsAboveF++;
    }
  }

  @FormatMethod
  private void violation(@FormatString String format, Object... args) {
    violationCount++;
    if (violations.size() < VIOLATIONS_KEPT) {
      violations.add(String.format(format, args));
    }
  }

  /** The senate of height {@code h}, once the reference reached h - 1. */
  Optional<Senate> senate(long h) {
    return Optional.ofNullable(senateAt.get(h));
  }

  /**
   * Whether {@code node} committed a block conflicting with the reference at a height where the
   * Byzantine members held more than f seats: its later blocks are on another branch and unchecked.
   */
  boolean isForked(String node) {
    return forked.contains(node);
  }

  /** Whether the Byzantine members hold more than f seats at height {@code h} (known once h - 1 is). */
  boolean byzantineAboveF(long h) {
    Senate senate = senateAt.get(h);
    return senate != null && byzantineSeatsAt.getOrDefault(h, 0) > senate.maxFaulty();
  }

  /** The height the reference chain reached (the highest height some honest node committed). */
  long referenceHeight() {
    return reference.tip().height();
  }

  /** Violations of agreement, validity, conservation and signing; double signs included. */
  long violationCount() {
    return violationCount;
  }

  /** The first violations, described. */
  List<String> violations() {
    return List.copyOf(violations);
  }

  long doubleSigns() {
    return doubleSigns;
  }

  long unassertedConflicts() {
    return unassertedConflicts;
  }

  int maxByzantineSeats() {
    return maxByzantineSeats;
  }

  long heightsWithByzantineAboveF() {
    return heightsAboveF;
  }

  SortedMap<Integer, Integer> roundsPerHeight() {
    return new TreeMap<>(roundsPerHeight);
  }

  /** The Byzantine share of the seats of the committed heights after the burn-in (see {@link SeatShare}). */
  SeatShare seatShare(int seatsPerSenate) {
    List<Integer> seats = new ArrayList<>();
    List<Integer> rounds = new ArrayList<>();
    for (long h = SeatShare.BURN_IN_HEIGHTS + 1; h <= reference.tip().height(); h++) {
      seats.add(byzantineSeatsAt.get(h));
      rounds.add(roundAt.get(h));
    }
    return SeatShare.of(seats, rounds, seatsPerSenate, byzantineStakeShare);
  }

  long burnedFees() {
    return burnedFees;
  }

  /** Transactions in the blocks honest nodes agreed on. */
  long committedTransactions() {
    return committedTransactions;
  }
}
