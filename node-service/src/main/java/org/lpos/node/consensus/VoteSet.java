package org.lpos.node.consensus;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lpos.chain.senate.Senate;
import org.lpos.proto.v1.Vote;

/**
 * The verified votes of one type for one (height, round), weighed in seats. Each signer counts
 * once, with its first vote; a second, different vote is kept as equivocation evidence and does
 * not count.
 */
final class VoteSet {
  private final Senate senate;
  private final Map<ByteString, Vote> bySigner = new LinkedHashMap<>();
  private final Map<ByteString, Integer> seatsByBlock = new HashMap<>();
  private final List<Equivocation> evidence = new ArrayList<>();
  private int totalSeats;

  VoteSet(Senate senate) {
    this.senate = senate;
  }

  /** Adds a verified vote; returns the evidence if it conflicts with the signer's earlier vote. */
  Optional<Equivocation> add(Vote vote) {
    Vote earlier = bySigner.get(vote.getSigner());
    if (earlier != null) {
      if (earlier.getBlockHash().equals(vote.getBlockHash())) {
        return Optional.empty();
      }
      Equivocation e = new Equivocation(earlier, vote);
      evidence.add(e);
      return Optional.of(e);
    }
    int seats = senate.seatsOf(vote.getSigner());
    bySigner.put(vote.getSigner(), vote);
    seatsByBlock.merge(vote.getBlockHash(), seats, Integer::sum);
    totalSeats += seats;
    return Optional.empty();
  }

  /** Whether {@code signer} has voted in this set. */
  boolean hasVoted(ByteString signer) {
    return bySigner.containsKey(signer);
  }

  /** The counted vote of {@code signer}, if it voted. */
  Optional<Vote> voteOf(ByteString signer) {
    return Optional.ofNullable(bySigner.get(signer));
  }

  /** Seats of all counted votes, whatever they are for. */
  int totalSeats() {
    return totalSeats;
  }

  /** Seats that voted for {@code blockHash} (empty = nil). */
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

  /** The counted votes for {@code blockHash}, in arrival order. */
  List<Vote> votesFor(ByteString blockHash) {
    List<Vote> votes = new ArrayList<>();
    for (Vote v : bySigner.values()) {
      if (v.getBlockHash().equals(blockHash)) {
        votes.add(v);
      }
    }
    return votes;
  }

  /** Equivocations seen in this set. */
  List<Equivocation> evidence() {
    return evidence;
  }
}
