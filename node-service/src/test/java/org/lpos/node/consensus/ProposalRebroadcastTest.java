package org.lpos.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.lpos.node.consensus.CoreCluster.Envelope;
import org.lpos.proto.v1.VoteType;

/**
 * A height that lasts: the proposer sends its proposal again only to the senators that have not
 * voted for its block (a block of a thousand transactions is about 0.5 MB, and at ten senators on
 * two cores the re-sends were most of the bytes a node received).
 */
class ProposalRebroadcastTest {
  private static final long LONG_HEIGHT_MS = 3_500;

  @Test
  void senatorsThatVotedForTheBlockAreNotSentItAgain() {
    CoreCluster c = stalledAtPrecommits();
    int proposer = proposer(c);
    c.submit(proposer, c.payment(proposer, (proposer + 1) % 4, 1, 0));
    c.advanceTo(c.now + 100);
    int mark = c.sent.size();
    c.advanceTo(c.now + LONG_HEIGHT_MS);
    assertEquals(List.of(), proposalsAfter(c, mark), "every senator prevoted the block and holds it");
    assertTrue(c.sent.subList(mark, c.sent.size()).stream().anyMatch(e -> e.message().hasVote()),
        "the rebroadcast still re-sends the votes");
  }

  @Test
  void aSenatorThatMissedTheProposalGetsItAgain() {
    CoreCluster c = stalledAtPrecommits();
    int proposer = proposer(c);
    ByteString missed = c.key((proposer + 2) % 4);
    boolean[] dropped = {false};
    c.dropIf = c.dropIf.or(e -> e.message().hasProposal() && e.to().equals(missed) && !dropped[0]
        && (dropped[0] = true));
    c.submit(proposer, c.payment(proposer, (proposer + 1) % 4, 1, 0));
    c.advanceTo(c.now + 100);
    int mark = c.sent.size();
    c.advanceTo(c.now + LONG_HEIGHT_MS);
    List<ByteString> to = proposalsAfter(c, mark).stream().map(Envelope::to).distinct().toList();
    assertEquals(List.of(missed), to, "only the senator without the block is sent it again");
  }

  /** Four senators whose precommits are all lost, so height 1 lasts until the stall backstop. */
  private static CoreCluster stalledAtPrecommits() {
    CoreCluster c = new CoreCluster(4, 4);
    c.dropIf = e -> e.message().hasVote() && e.message().getVote().getType() == VoteType.VOTE_TYPE_PRECOMMIT;
    return c;
  }

  private static int proposer(CoreCluster c) {
    return IntStream.range(0, 4).filter(i -> c.core(i).status().proposer()).findFirst().orElseThrow();
  }

  private static List<Envelope> proposalsAfter(CoreCluster c, int mark) {
    return c.sent.subList(mark, c.sent.size()).stream().filter(e -> e.message().hasProposal()).toList();
  }
}
