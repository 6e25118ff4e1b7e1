package org.lpos.lab.attack;

import com.google.protobuf.ByteString;
import java.time.Duration;
import org.lpos.proto.v1.OutputRef;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.Ticket;
import org.lpos.proto.v1.TicketSubmission;

/**
 * Issue 14 (f): a flood of director-competition tickets for the height each node is deciding,
 * from {@value #PEERS_PER_NODE} fresh keys per node at line rate, with zero signatures: every
 * other ticket's signature is 64 zero bytes (well-formed, so only a verification refuses it), the
 * rest carry none. A sound node refuses the unsigned ones without verifying, bounds what it spends
 * verifying the rest per peer, and keeps committing.
 */
public final class TicketFloodAttack implements Attack {
  static final int PEERS_PER_NODE = 8;
  private static final ByteString ZERO_SIGNATURE = ByteString.copyFrom(new byte[Junk.SIGNATURE_BYTES]);

  @Override
  public String name() {
    return "ticket-flood";
  }

  @Override
  public String description() {
    return "tickets with zero signatures at line rate from " + PEERS_PER_NODE + " fresh keys per node";
  }

  @Override
  public AttackReport run(AttackTarget target, Duration duration, long seed, Runnable inEffect)
      throws InterruptedException {
    long start = System.nanoTime();
    Junk junk = new Junk(seed);
    try (AttackChannels channels = new AttackChannels(target)) {
      PeerFlood.Counts c = new PeerFlood(target, channels).run(duration, inEffect, PEERS_PER_NODE, n -> junk.key(),
          AttackerPeer.Reading.READS, (sender, node) -> PeerMessage.newBuilder().setTicket(TicketSubmission
              .newBuilder().setHeight(node.height()).setTicket(Ticket.newBuilder().setOwner(sender.key().publicKey())
                  .setOutput(OutputRef.newBuilder().setTxId(junk.bytes(32)).setIndex(0)).setQ(junk.bytes(32))
                  .setSig(junk.nextInt(2) == 0 ? ZERO_SIGNATURE : ByteString.EMPTY))).build());
      return new AttackReport(name(), PeerFlood.since(start), c.messages(), c.bytes(), c.streams(), c.refused(),
          "closed_by=" + c.closedBy());
    }
  }
}
