package org.lpos.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lpos.chain.block.ChainState;
import org.lpos.chain.model.Member;
import org.lpos.chain.senate.Senate;
import org.lpos.chain.ticket.Tickets;
import org.lpos.proto.v1.Ticket;

/** The director competition in blocks, q advancing, and the f+1 round skip. */
class TicketsAndRoundsTest {

  @Test
  void theCommittedBlockCarriesTheLowestTicketAndItsQSeedsTheNextDraw() {
    CoreCluster c = new CoreCluster(7, 7);
    ChainState before = c.core(0).chain();
    List<Ticket> all = new ArrayList<>();
    for (Member m : c.members) {
      var entry = Tickets.entryOutput(m.keys().publicKey(), before.utxos()).orElseThrow();
      all.add(Tickets.create(m.keys(), CoreCluster.CHAIN_ID, before.tip().hash(), before.tip().q(), entry.key()));
    }
    Ticket lowest = all.stream().min(Tickets.ORDER).orElseThrow();
    c.submit(0, c.payment(0, 1, 10, 0));
    c.advanceTo(c.now + 10_000);
    var block = c.core(3).committedBlocks().get(0).getBlock();
    assertEquals(lowest, block.getHeader().getTicket(), "every stakeholder's ticket reached the proposer");
    assertEquals(lowest.getQ(), c.core(3).chain().tip().q());
  }

  @Test
  void votesOfMoreThanFSeatsFromALaterRoundMoveANodeThere() {
    CoreCluster c = new CoreCluster(7, 7);
    Senate senate = c.core(0).chain().nextSenate();
    ByteString subject = senate.senators().get(0);
    NodeCore x = new NodeCore(c.config, c.keys.get(subject), c.genesis, PersistedState.empty());
    x.start(CoreCluster.T0);
    int seats = 0;
    for (ByteString other : senate.senators()) {
      if (other.equals(subject) || seats >= senate.maxFaulty() + 1) {
        continue;
      }
      assertEquals(0, x.status().round(), "f seats or fewer do not move the node");
      var vote = ScenarioBlocks.prevote(c.keys.get(other), 1, 3, ByteString.EMPTY);
      x.handle(new Event.Received(CoreCluster.T0 + 1, other, ConsensusMessages.wrap(vote)));
      seats += senate.seatsOf(other);
    }
    assertTrue(seats >= senate.maxFaulty() + 1);
    assertEquals(3, x.status().round());
  }
}
