package org.lpos.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lpos.chain.senate.Senate;
import org.lpos.proto.v1.CommitCertificate;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.VoteType;

/**
 * Commit notices (PROTOCOL §8): a peer that voted for a block is sent its certificate, not the
 * block again; it commits by joining the certificate to its own copy, and a node that does not
 * hold the block a notice names fetches it from the sender.
 */
class CommitNoticeScenarioTest {
  private static boolean precommitTo(CoreCluster.Envelope e, ByteString to) {
    return e.to().equals(to) && e.message().hasVote()
        && e.message().getVote().getType() == VoteType.VOTE_TYPE_PRECOMMIT;
  }

  private static List<CoreCluster.Envelope> to(CoreCluster c, ByteString node, int from) {
    return c.sent.subList(from, c.sent.size()).stream().filter(e -> e.to().equals(node)).toList();
  }

  /** A member with one of the four seats: the other three seats make a quorum without it. */
  private static ByteString oneSeat(CoreCluster c) {
    Senate senate = c.core(0).chain().nextSenate();
    for (int i = 1; i < 4; i++) {
      if (senate.seatsOf(c.key(i)) == 1) {
        return c.key(i);
      }
    }
    throw new AssertionError("fixture: no member but the payer's holds exactly one seat");
  }

  @Test
  void aSenatorThatMissedEveryPrecommitCommitsFromTheNoticesWithoutTheBlock() {
    CoreCluster c = new CoreCluster(4, 4);
    ByteString deaf = oneSeat(c);
    c.dropIf = e -> precommitTo(e, deaf);
    int sentBefore = c.sent.size();

    c.submit(0, c.payment(0, 2, 7, 0));
    c.advanceTo(c.now + 5_000);

    long head = c.core(0).chain().tip().height();
    assertTrue(head >= 1, "the others committed: " + c.core(0).status());
    assertEquals(c.core(0).chain().tip().hash(), c.cores.get(deaf).chain().tip().hash(), c.cores.get(deaf).status().toString());
    List<CoreCluster.Envelope> received = to(c, deaf, sentBefore);
    assertTrue(received.stream().anyMatch(e -> e.message().hasCommitNotice()), "it was sent certificates");
    List<ByteString> votedTo = c.sent.subList(sentBefore, c.sent.size()).stream()
        .filter(e -> e.from().equals(deaf) && e.message().hasVote()).map(CoreCluster.Envelope::to).toList();
    assertTrue(!votedTo.isEmpty(), "fixture: it holds a seat");
    assertTrue(received.stream().noneMatch(e -> e.message().hasCommittedBlock() && votedTo.contains(e.from())),
        "no peer it voted to sent it the block");
    assertTrue(c.sent.subList(sentBefore, c.sent.size()).stream()
        .noneMatch(e -> e.from().equals(deaf) && e.message().hasBlockRequest()), "nothing to fetch");
  }

  @Test
  void aSenatorThatNeverSawTheProposalIsSentTheWholeBlock() {
    CoreCluster c = new CoreCluster(4, 4);
    ByteString deaf = oneSeat(c);
    c.dropIf = e -> e.to().equals(deaf) && (e.message().hasProposal() || precommitTo(e, deaf));
    int sentBefore = c.sent.size();

    c.submit(0, c.payment(0, 2, 7, 0));
    c.advanceTo(c.now + 5_000);

    assertTrue(c.core(0).chain().tip().height() >= 1);
    assertEquals(c.core(0).chain().tip().hash(), c.cores.get(deaf).chain().tip().hash(), c.cores.get(deaf).status().toString());
    assertTrue(to(c, deaf, sentBefore).stream().anyMatch(e -> e.message().hasCommittedBlock()));
  }

  @Test
  void aNoticeOfABlockNotHeldIsFetchedFromItsSender() {
    CoreCluster c = new CoreCluster(4, 4);
    NodeCore node = c.core(1);
    long next = node.chain().tip().height() + 1;
    CommitCertificate unknown = CommitCertificate.newBuilder().setHeight(next)
        .setBlockHash(ByteString.copyFrom(new byte[32])).build();

    Ready ready = node.handle(new Event.Received(c.now, c.key(2),
        PeerMessage.newBuilder().setCommitNotice(unknown).build()));

    assertTrue(ready.messages().stream().anyMatch(o -> o instanceof Outbound.ToPeer p && p.peer().equals(c.key(2))
        && p.message().hasBlockRequest() && p.message().getBlockRequest().getFromHeight() == next),
        "asked the sender for the block: " + ready.messages());
    assertEquals(next - 1, node.chain().tip().height(), "a notice alone commits nothing");
  }
}
