package org.lpos.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.model.Blocks;
import org.lpos.chain.senate.Senate;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.Proposal;
import org.lpos.proto.v1.Vote;
import org.lpos.proto.v1.VoteType;

/**
 * One core driven by hand-made messages: what it signs after a lock, and when a newer
 * proof-of-lock releases it (PROTOCOL §7).
 */
class LockingScenarioTest {
  private final CoreCluster cluster = new CoreCluster(7, 7);
  private final Senate senate = cluster.core(0).chain().nextSenate();
  private final long t = CoreCluster.T0;

  private KeyPair keyOf(ByteString pk) {
    return cluster.keys.get(pk);
  }

  /** A senator that is not the proposer of rounds 0-2, driven alone. */
  private NodeCore subject() {
    for (ByteString senator : senate.senators()) {
      boolean proposes = false;
      for (int r = 0; r < 3; r++) {
        proposes |= senate.proposer(r).equals(senator);
      }
      if (!proposes) {
        NodeCore core = new NodeCore(cluster.config, keyOf(senator), cluster.genesis, PersistedState.empty());
        core.start(t);
        return core;
      }
    }
    throw new AssertionError("fixture: every senator proposes one of rounds 0-2: " + senate);
  }

  private static List<Vote> votesOf(Ready ready, VoteType type) {
    List<Vote> votes = new ArrayList<>();
    for (Outbound o : ready.messages()) {
      if (o.message().hasVote() && o.message().getVote().getType() == type) {
        votes.add(o.message().getVote());
      }
    }
    return votes;
  }

  /** The block the proposer of {@code round} proposes (a payment of a different value each round). */
  private Block proposedBlock(NodeCore x, int round) {
    return ScenarioBlocks.block(x.chain(), keyOf(senate.proposer(round)), round, t + 1 + round,
        List.of(cluster.payment(0, 1, 10 + 10L * round, 0)));
  }

  private Ready deliver(NodeCore core, ByteString from, PeerMessage m, long now) {
    return core.handle(new Event.Received(now, from, m));
  }

  private Proposal proposal(int round, Block block, int validRound) {
    return ConsensusMessages.proposal(keyOf(senate.proposer(round)), CoreCluster.CHAIN_ID, 1, round, block, validRound);
  }

  /**
   * Votes from senators other than {@code subject} until they hold a quorum (with the subject's
   * seats when it voted the same way itself).
   */
  private Ready quorumOfVotes(NodeCore subject, VoteType type, int round, ByteString hash, long now,
      boolean subjectAgrees) {
    int seats = subjectAgrees ? senate.seatsOf(subject.publicKey()) : 0;
    Ready last = null;
    for (ByteString other : senate.senators()) {
      if (seats >= senate.quorum() || other.equals(subject.publicKey())) {
        continue;
      }
      Vote v = type == VoteType.VOTE_TYPE_PREVOTE
          ? ScenarioBlocks.prevote(keyOf(other), 1, round, hash)
          : ScenarioBlocks.precommit(keyOf(other), 1, round, hash);
      last = deliver(subject, other, ConsensusMessages.wrap(v), now);
      seats += senate.seatsOf(other);
    }
    return last;
  }

  @Test
  void lockedSenatorPrevotesNilForAnotherBlockUntilANewerProofOfLock() {
    NodeCore x = subject();
    Block a = proposedBlock(x, 0);
    Block b = proposedBlock(x, 1);
    ByteString idA = Blocks.hash(a);
    ByteString idB = Blocks.hash(b);

    Ready r = deliver(x, senate.proposer(0), ConsensusMessages.wrap(proposal(0, a, -1)), t + 5);
    assertEquals(List.of(idA), votesOf(r, VoteType.VOTE_TYPE_PREVOTE).stream().map(Vote::getBlockHash).toList());

    r = quorumOfVotes(x, VoteType.VOTE_TYPE_PREVOTE, 0, idA, t + 6, true);
    assertEquals(List.of(idA), votesOf(r, VoteType.VOTE_TYPE_PRECOMMIT).stream().map(Vote::getBlockHash).toList(),
        "a prevote quorum for A locks the senator on A and it precommits A");

    quorumOfVotes(x, VoteType.VOTE_TYPE_PRECOMMIT, 0, ByteString.EMPTY, t + 7, false);
    x.handle(new Event.Tick(t + 10_000));
    assertEquals(1, x.status().round(), "a nil precommit quorum and its timeout move to round 1");

    r = deliver(x, senate.proposer(1), ConsensusMessages.wrap(proposal(1, b, -1)), t + 10_001);
    assertEquals(List.of(ByteString.EMPTY), votesOf(r, VoteType.VOTE_TYPE_PREVOTE).stream().map(Vote::getBlockHash).toList(),
        "locked on A, the senator prevotes nil for B without a newer proof-of-lock");

    quorumOfVotes(x, VoteType.VOTE_TYPE_PRECOMMIT, 1, ByteString.EMPTY, t + 10_003, false);
    x.handle(new Event.Tick(t + 30_000));
    assertEquals(2, x.status().round());
    quorumOfVotes(x, VoteType.VOTE_TYPE_PREVOTE, 1, idB, t + 30_000, false);

    r = deliver(x, senate.proposer(2), ConsensusMessages.wrap(proposal(2, b, 1)), t + 30_001);
    assertEquals(List.of(idB), votesOf(r, VoteType.VOTE_TYPE_PREVOTE).stream().map(Vote::getBlockHash).toList(),
        "a re-proposal of B with a prevote quorum in round 1 (newer than the lock) is prevoted");
  }

  /**
   * The liveness stall of issue 13: an equivocator showed this senator a nil prevote in round 1
   * and the others a prevote for B, so B's proof-of-lock from round 1 reaches a quorum only with
   * the equivocator's second vote. Counting a signer's first vote only, the senator (locked on A
   * in round 0) never accepted the re-proposal of B and every later round ended in nil.
   */
  @Test
  void aProofOfLockHoldingAnEquivocatorsSecondVoteIsAccepted() {
    NodeCore x = subject();
    Block a = proposedBlock(x, 0);
    Block b = proposedBlock(x, 1);
    ByteString idA = Blocks.hash(a);
    ByteString idB = Blocks.hash(b);
    deliver(x, senate.proposer(0), ConsensusMessages.wrap(proposal(0, a, -1)), t + 5);
    quorumOfVotes(x, VoteType.VOTE_TYPE_PREVOTE, 0, idA, t + 6, true);
    quorumOfVotes(x, VoteType.VOTE_TYPE_PRECOMMIT, 0, ByteString.EMPTY, t + 7, false);
    x.handle(new Event.Tick(t + 10_000));
    deliver(x, senate.proposer(1), ConsensusMessages.wrap(proposal(1, b, -1)), t + 10_001);
    quorumOfVotes(x, VoteType.VOTE_TYPE_PRECOMMIT, 1, ByteString.EMPTY, t + 10_003, false);
    x.handle(new Event.Tick(t + 30_000));
    assertEquals(2, x.status().round());

    List<ByteString> others = new ArrayList<>(senate.senators());
    others.remove(x.publicKey());
    others.sort(java.util.Comparator.comparingInt(senate::seatsOf));
    ByteString equivocator = others.remove(others.size() - 1);
    deliver(x, equivocator, ConsensusMessages.wrap(ScenarioBlocks.prevote(keyOf(equivocator), 1, 1, ByteString.EMPTY)),
        t + 30_000);
    deliver(x, equivocator, ConsensusMessages.wrap(ScenarioBlocks.prevote(keyOf(equivocator), 1, 1, idB)), t + 30_000);
    int seats = 0;
    for (ByteString other : others) {
      if (seats + senate.seatsOf(other) >= senate.quorum()) {
        break;
      }
      deliver(x, other, ConsensusMessages.wrap(ScenarioBlocks.prevote(keyOf(other), 1, 1, idB)), t + 30_000);
      seats += senate.seatsOf(other);
    }
    assertTrue(seats + senate.seatsOf(equivocator) >= senate.quorum(),
        "fixture: with the equivocator's vote for B the proof-of-lock holds a quorum, without it not");

    Ready r = deliver(x, senate.proposer(2), ConsensusMessages.wrap(proposal(2, b, 1)), t + 30_001);
    assertEquals(List.of(idB), votesOf(r, VoteType.VOTE_TYPE_PREVOTE).stream().map(Vote::getBlockHash).toList(),
        "the equivocator's vote for B counts toward B's proof-of-lock although its first vote was nil");
  }

  /**
   * The amnesia fork of issue 13 from one senator's side: locked on A in round 0, it crashes and
   * restarts; without its persisted lock it would prevote (and could precommit) another block B in
   * round 1, and four such senators decide B while a fifth already committed A.
   */
  @Test
  void aRestartedSenatorKeepsItsLockAndItsProofOfLock() {
    NodeCore x = subject();
    Block a = proposedBlock(x, 0);
    Block b = proposedBlock(x, 1);
    ByteString idA = Blocks.hash(a);
    deliver(x, senate.proposer(0), ConsensusMessages.wrap(proposal(0, a, -1)), t + 5);
    Ready locked = quorumOfVotes(x, VoteType.VOTE_TYPE_PREVOTE, 0, idA, t + 6, true);
    assertEquals(List.of(idA), votesOf(locked, VoteType.VOTE_TYPE_PRECOMMIT).stream().map(Vote::getBlockHash).toList());
    assertTrue(locked.agreement().isPresent(), "the step that locks persists the lock with its precommit");
    assertEquals(0, locked.agreement().get().getLockedRound());
    assertEquals(idA, Blocks.hash(locked.agreement().get().getLockedValue()));
    int proofSeats = locked.agreement().get().getValidProofList().stream().mapToInt(v -> senate.seatsOf(v.getSigner())).sum();
    assertTrue(proofSeats >= senate.quorum(), "the proof-of-lock is persisted with it");

    NodeCore restarted = new NodeCore(cluster.config, keyOf(x.publicKey()), cluster.genesis,
        new PersistedState(Optional.empty(), new MemoryBlockArchive(), x.guard().last(), locked.agreement()));
    restarted.start(t + 7);
    quorumOfVotes(restarted, VoteType.VOTE_TYPE_PRECOMMIT, 0, ByteString.EMPTY, t + 8, false);
    restarted.handle(new Event.Tick(t + 10_000));
    assertEquals(1, restarted.status().round());
    Ready r = deliver(restarted, senate.proposer(1), ConsensusMessages.wrap(proposal(1, b, -1)), t + 10_001);
    assertEquals(List.of(ByteString.EMPTY), votesOf(r, VoteType.VOTE_TYPE_PREVOTE).stream().map(Vote::getBlockHash).toList(),
        "after a restart the senator is still locked on A and prevotes nil for B");
  }

  @Test
  void aSenatorNeverSignsTwoVotesForOnePositionEvenAfterARestart() {
    NodeCore x = subject();
    Block a = ScenarioBlocks.block(x.chain(), keyOf(senate.proposer(0)), 0, t + 1, List.of(cluster.payment(0, 1, 10, 0)));
    Ready r = deliver(x, senate.proposer(0), ConsensusMessages.wrap(proposal(0, a, -1)), t + 5);
    Optional<SignerRecord> record = r.signer();
    assertTrue(record.isPresent());
    assertEquals(Blocks.hash(a), record.get().blockHash());

    NodeCore restarted = new NodeCore(cluster.config, keyOf(x.publicKey()), cluster.genesis,
        new PersistedState(Optional.empty(), new MemoryBlockArchive(), record));
    restarted.start(t + 6);
    Block other = ScenarioBlocks.block(restarted.chain(), keyOf(senate.proposer(0)), 0, t + 2,
        List.of(cluster.payment(0, 1, 11, 0)));
    r = deliver(restarted, senate.proposer(0), ConsensusMessages.wrap(proposal(0, other, -1)), t + 7);
    assertTrue(votesOf(r, VoteType.VOTE_TYPE_PREVOTE).isEmpty(),
        "after a restart the senator refuses to prevote another block in the same round");
    r = restarted.handle(new Event.Tick(t + 60_000));
    assertTrue(votesOf(r, VoteType.VOTE_TYPE_PREVOTE).isEmpty(), "nor nil for that round after its timeout");
  }
}
