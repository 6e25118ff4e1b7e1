package org.lpos.node.consensus;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lpos.chain.senate.Senate;
import org.lpos.proto.v1.Vote;

/**
 * The verified votes of one type for one (height, round), weighed in seats.
 *
 * <p>Support is counted per block: every signed vote counts for the block it names, so a signer
 * that signed two blocks counts for both (CometBFT's {@code VoteSet} keeps such votes per block
 * for the same reason). A proof-of-lock is a set of signed votes any correct node must be able to
 * accept; if a node counted only the first vote it saw from an equivocator, a proof-of-lock that
 * holds the equivocator's other vote could never reach a quorum there, and honest senators locked
 * on different blocks would never unlock. This is safe: two blocks each with Q seats of one round
 * share at least f + 1 seats of signers, so more than f seats equivocated. Rules that need "any Q
 * votes" use {@link #totalSeats()}, which counts each signer once.
 *
 * <p>A signer's conflicting votes are bounded ({@value #MAX_BLOCKS_PER_SIGNER} blocks a signer), so
 * an equivocator cannot grow the set without limit; each conflict is kept as evidence once.
 */
final class VoteSet {
  /** Distinct blocks (nil included) one signer's votes count for at most. */
  static final int MAX_BLOCKS_PER_SIGNER = 4;

  private final Senate senate;
  private final Map<ByteString, Vote> firstBySigner = new LinkedHashMap<>();
  private final Map<ByteString, Map<ByteString, Vote>> byBlock = new LinkedHashMap<>();
  private final Map<ByteString, Integer> blocksBySigner = new LinkedHashMap<>();
  private final Map<ByteString, Integer> seatsByBlock = new LinkedHashMap<>();
  private final List<Equivocation> evidence = new ArrayList<>();
  private int totalSeats;

  VoteSet(Senate senate) {
    this.senate = senate;
  }

  /** Adds a verified vote; returns the evidence if it conflicts with the signer's first vote. */
  Optional<Equivocation> add(Vote vote) {
    ByteString signer = vote.getSigner();
    Map<ByteString, Vote> forBlock = byBlock.get(vote.getBlockHash());
    if (forBlock != null && forBlock.containsKey(signer)) {
      return Optional.empty();
    }
    Vote first = firstBySigner.get(signer);
    int blocks = blocksBySigner.getOrDefault(signer, 0);
    if (first != null && blocks >= MAX_BLOCKS_PER_SIGNER) {
      return Optional.empty();
    }
    int seats = senate.seatsOf(signer);
    byBlock.computeIfAbsent(vote.getBlockHash(), k -> new LinkedHashMap<>()).put(signer, vote);
    blocksBySigner.put(signer, blocks + 1);
    seatsByBlock.merge(vote.getBlockHash(), seats, Integer::sum);
    if (first == null) {
      firstBySigner.put(signer, vote);
      totalSeats += seats;
      return Optional.empty();
    }
    Equivocation e = new Equivocation(first, vote);
    evidence.add(e);
    return Optional.of(e);
  }

  /** Whether {@code signer} has voted in this set. */
  boolean hasVoted(ByteString signer) {
    return firstBySigner.containsKey(signer);
  }

  /** The first vote of {@code signer}, if it voted. */
  Optional<Vote> voteOf(ByteString signer) {
    return Optional.ofNullable(firstBySigner.get(signer));
  }

  /** Seats of distinct signers, whatever they voted for (each signer counted once). */
  int totalSeats() {
    return totalSeats;
  }

  /** Seats whose signers voted for {@code blockHash} (empty = nil). */
  int seatsFor(ByteString blockHash) {
    return seatsByBlock.getOrDefault(blockHash, 0);
  }

  /** A block hash (never nil) that holds at least {@code quorum} seats, if one does. */
  Optional<ByteString> blockWithQuorum(int quorum) {
    for (Map.Entry<ByteString, Integer> e : seatsByBlock.entrySet()) {
      if (!e.getKey().isEmpty() && e.getValue() >= quorum) {
        return Optional.of(e.getKey());
      }
    }
    return Optional.empty();
  }

  /** The votes for {@code blockHash}, one per signer, in arrival order. */
  List<Vote> votesFor(ByteString blockHash) {
    Map<ByteString, Vote> votes = byBlock.get(blockHash);
    return votes == null ? List.of() : List.copyOf(votes.values());
  }

  /** Equivocations seen in this set. */
  List<Equivocation> evidence() {
    return evidence;
  }
}
