package org.lpos.chain.senate;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The senate of one height: the owner of each of the N seats, in seat order. A member may hold
 * several seats and its vote weighs as many seats as it holds (PROTOCOL §1, §5).
 */
public record Senate(long height, List<ByteString> seats) {
  /** Copies the seats and validates them. */
  public Senate {
    seats = List.copyOf(seats);
    if (seats.isEmpty()) {
      throw new IllegalArgumentException("a senate has at least one seat");
    }
  }

  /** N, the number of seats. */
  public int size() {
    return seats.size();
  }

  /** Q = N - floor((N-1)/3): the seats needed to commit. */
  public int quorum() {
    return Quorum.quorum(size());
  }

  /** f = floor((N-1)/3): the seats that may be faulty. */
  public int maxFaulty() {
    return Quorum.maxFaulty(size());
  }

  /** The owner of seat {@code round mod N}: the proposer of round {@code round}. */
  public ByteString proposer(long round) {
    return seats.get((int) Math.floorMod(round, (long) size()));
  }

  /** How many seats {@code member} holds (0 if it is not a senator). */
  public int seatsOf(ByteString member) {
    int n = 0;
    for (ByteString owner : seats) {
      if (owner.equals(member)) {
        n++;
      }
    }
    return n;
  }

  /** Whether {@code member} holds at least one seat. */
  public boolean isSenator(ByteString member) {
    return seats.contains(member);
  }

  /** Each distinct senator with its seat count, in order of first seat. */
  public Map<ByteString, Integer> seatCounts() {
    Map<ByteString, Integer> counts = new LinkedHashMap<>();
    for (ByteString owner : seats) {
      counts.merge(owner, 1, Integer::sum);
    }
    return counts;
  }

  /** The distinct senators in order of first seat. */
  public List<ByteString> senators() {
    return new ArrayList<>(seatCounts().keySet());
  }
}
