package org.lpos.chain.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lpos.chain.block.ChainFixture;
import org.lpos.chain.crypto.Hashes;
import org.lpos.chain.crypto.SignatureVerifier;
import org.lpos.chain.ledger.Reason;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.model.Utxo;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.Ticket;

/**
 * Ticket validity (PROTOCOL §6) inside a re-certified block: the named output must be unspent in
 * the state before the block and locked to the ticket's owner, and both signatures must verify.
 */
class TicketRejectionTest {
  private ChainFixture chain;

  @BeforeEach
  void setUp() {
    chain = ChainFixture.standard();
  }

  private Ticket ticket(int member, OutputKey output) {
    return Tickets.create(chain.key(member), ChainFixture.CHAIN_ID, chain.state.tip().hash(), chain.state.tip().q(),
        output);
  }

  private CertifiedBlock blockWith(Ticket ticket) {
    return chain.withHeader(chain.next(List.of()), h -> h.setTicket(ticket));
  }

  @Test
  void ticketOfAMemberOtherThanTheProposerIsValid() {
    CertifiedBlock block = blockWith(ticket(4, chain.utxosOf(4).get(0).key()));
    chain.applyValid(block);
    assertEquals(block.getBlock().getHeader().getTicket().getQ(), chain.state.tip().q());
  }

  @Test
  void ticketNamingAnOutputTheSameBlockSpendsIsValid() {
    Utxo output = chain.utxosOf(4).get(0);
    CertifiedBlock block = chain.next(List.of(chain.pay(output, 5, 10)));
    chain.applyValid(chain.withHeader(block, h -> h.setTicket(ticket(4, output.key()))));
  }

  @Test
  void ticketNamingASpentOutput() {
    Utxo output = chain.utxosOf(4).get(0);
    chain.applyValid(chain.next(List.of(chain.pay(output, 5, 10))));
    chain.assertRejected(blockWith(ticket(4, output.key())), Reason.BAD_TICKET);
  }

  @Test
  void ticketNamingAnOutputThatNeverExisted() {
    OutputKey ghost = new OutputKey(Hashes.hash(ByteString.copyFromUtf8("ghost")), 0);
    chain.assertRejected(blockWith(ticket(4, ghost)), Reason.BAD_TICKET);
  }

  @Test
  void ticketNamingAnotherMembersOutput() {
    chain.assertRejected(blockWith(ticket(4, chain.utxosOf(5).get(0).key())), Reason.BAD_TICKET);
  }

  @Test
  void ticketWithoutAnOutput() {
    Ticket ticket = ticket(4, chain.utxosOf(4).get(0).key()).toBuilder().clearOutput().build();
    List<Reason> expected = List.of(Reason.BAD_TICKET);
    assertEquals(expected, reasonsOf(ticket));
  }

  @Test
  void qOverTheWrongPreviousQ() {
    OutputKey output = chain.utxosOf(4).get(0).key();
    ByteString wrongQ = Tickets.create(chain.key(4), ChainFixture.CHAIN_ID, chain.state.tip().hash(),
        Hashes.hash(ByteString.copyFromUtf8("another q")), output).getQ();
    chain.assertRejected(blockWith(ticket(4, output).toBuilder().setQ(wrongQ).build()), Reason.BAD_TICKET);
  }

  @Test
  void qWithAFlippedByte() {
    Ticket good = ticket(4, chain.utxosOf(4).get(0).key());
    chain.assertRejected(blockWith(good.toBuilder().setQ(flip(good.getQ(), 5)).build()), Reason.BAD_TICKET);
  }

  @Test
  void qSignedByAnotherMember() {
    OutputKey output = chain.utxosOf(4).get(0).key();
    ByteString othersQ = ticket(5, chain.utxosOf(5).get(0).key()).getQ();
    chain.assertRejected(blockWith(ticket(4, output).toBuilder().setQ(othersQ).build()), Reason.BAD_TICKET);
  }

  @Test
  void ticketSignatureOverTheWrongPreviousBlock() {
    OutputKey output = chain.utxosOf(4).get(0).key();
    ByteString wrongSig = Tickets.create(chain.key(4), ChainFixture.CHAIN_ID,
        Hashes.hash(ByteString.copyFromUtf8("another block")), chain.state.tip().q(), output).getSig();
    chain.assertRejected(blockWith(ticket(4, output).toBuilder().setSig(wrongSig).build()), Reason.BAD_TICKET);
  }

  @Test
  void ticketSignatureForAnotherOutput() {
    List<Utxo> mine = chain.utxosOf(4);
    ByteString sigForOther = ticket(4, mine.get(1).key()).getSig();
    chain.assertRejected(blockWith(ticket(4, mine.get(0).key()).toBuilder().setSig(sigForOther).build()),
        Reason.BAD_TICKET);
  }

  @Test
  void ticketSignatureWithAFlippedByte() {
    Ticket good = ticket(4, chain.utxosOf(4).get(0).key());
    chain.assertRejected(blockWith(good.toBuilder().setSig(flip(good.getSig(), 40)).build()), Reason.BAD_TICKET);
  }

  @Test
  void ticketMadeForAnotherChainIsRefusedAtItsFirstSignature() {
    Ticket other = Tickets.create(chain.key(4), "lpos-other", chain.state.tip().hash(), chain.state.tip().q(),
        chain.utxosOf(4).get(0).key());
    SignatureVerifier signatures = chain.state.caches().signatures();
    signatures.forgetVerified();
    long before = signatures.verificationsPerformed();
    assertEquals(List.of(Reason.BAD_TICKET), reasonsOf(other));
    assertEquals(1, signatures.verificationsPerformed() - before, "the sig is not checked once q failed");
  }

  @Test
  void ticketNamingAnOutputThatNeverExistedCostsNoVerification() {
    OutputKey ghost = new OutputKey(Hashes.hash(ByteString.copyFromUtf8("ghost")), 0);
    Ticket ticket = ticket(4, ghost);
    SignatureVerifier signatures = chain.state.caches().signatures();
    signatures.forgetVerified();
    long before = signatures.verificationsPerformed();
    assertEquals(List.of(Reason.BAD_TICKET), reasonsOf(ticket));
    assertEquals(0, signatures.verificationsPerformed() - before, "refused on the output alone");
  }

  @Test
  void ticketNamingAnotherMembersOutputCostsNoVerification() {
    Ticket ticket = ticket(4, chain.utxosOf(5).get(0).key());
    SignatureVerifier signatures = chain.state.caches().signatures();
    signatures.forgetVerified();
    long before = signatures.verificationsPerformed();
    assertEquals(List.of(Reason.BAD_TICKET), reasonsOf(ticket));
    assertEquals(0, signatures.verificationsPerformed() - before, "refused on the owner alone");
  }

  @Test
  void ticketWithTruncatedSignaturesIsRefusedOnItsSizes() {
    Ticket good = ticket(4, chain.utxosOf(4).get(0).key());
    Ticket truncated = good.toBuilder().setQ(good.getQ().substring(0, 10)).setOwner(ByteString.EMPTY).build();
    assertEquals(List.of(Reason.BAD_TICKET, Reason.BAD_TICKET), reasonsOf(truncated));
  }

  @Test
  void lowestSignatureComesFirst() {
    List<Ticket> tickets = new ArrayList<>();
    for (int m = 0; m < 6; m++) {
      tickets.add(ticket(m, chain.utxosOf(m).get(0).key()));
    }
    Ticket lowest = tickets.stream().min(Tickets.ORDER).orElseThrow();
    for (Ticket t : tickets) {
      assertTrue(ByteString.unsignedLexicographicalComparator().compare(lowest.getSig(), t.getSig()) <= 0);
    }
    ByteString high = ByteString.copyFrom(new byte[] {(byte) 0x80});
    ByteString low = ByteString.copyFrom(new byte[] {0x7f});
    Ticket a = Ticket.newBuilder().setSig(high).build();
    Ticket b = Ticket.newBuilder().setSig(low).build();
    assertTrue(Tickets.ORDER.compare(b, a) < 0, "signatures compare as unsigned bytes");
  }

  @Test
  void entryOutputIsTheLargestWithTiesToTheSmallerReference() {
    assertEquals(ChainFixture.BIG_OUTPUT, Tickets.entryOutput(chain.pub(4), chain.state.utxos()).orElseThrow().value());
    assertTrue(Tickets.entryOutput(chain.pub(9), chain.state.utxos()).isEmpty());
    Utxo big = chain.utxosOf(4).stream().filter(u -> u.value() == ChainFixture.BIG_OUTPUT).findFirst().orElseThrow();
    chain.applyValid(chain.next(List.of(chain.signed(List.of(big),
        List.of(chain.output(9, 300), chain.output(9, 300), chain.output(9, 100))))));
    List<Utxo> nines = chain.utxosOf(9);
    Utxo expected = nines.stream().filter(u -> u.value() == 300).min((x, y) -> x.key().compareTo(y.key())).orElseThrow();
    assertEquals(expected, Tickets.entryOutput(chain.pub(9), chain.state.utxos()).orElseThrow());
  }

  private List<Reason> reasonsOf(Ticket ticket) {
    return TicketValidator.check(chain.state.caches().signatures(), ticket, ChainFixture.CHAIN_ID, chain.state.tip().hash(), chain.state.tip().q(),
        chain.state.utxos()).stream().map(r -> r.reason()).toList();
  }

  private static ByteString flip(ByteString bytes, int index) {
    byte[] b = bytes.toByteArray();
    b[index] ^= 0x01;
    return ByteString.copyFrom(b);
  }
}
