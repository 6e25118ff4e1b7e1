package org.lpos.lab.grind;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.lpos.chain.block.ChainState;
import org.lpos.chain.block.GenesisOutcome;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.crypto.ed25519.Ed25519AlternativeSignatures;
import org.lpos.chain.genesis.BlockBuilder;
import org.lpos.chain.model.Member;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.ticket.TicketValidator;
import org.lpos.chain.ticket.Tickets;
import org.lpos.lab.sim.SimulationConfig;
import org.lpos.lab.sim.SimulationGenesis;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.Ticket;

/**
 * The director-competition grinders on the simulator's chain (ten equal members, ten seats drawn
 * with replacement, the first three Byzantine): a ground ticket is valid, its {@code q} is the
 * best of its K alternatives, and it beats the honest ticket's; a grinding proposer's choice is
 * valid and never worse than the honest one, and with K = 1 it is the honest one.
 */
class GrindersTest {
  private static final int TRIES = 64;
  private static final long SALTS = 20;

  private final SimulationGenesis chain = SimulationGenesis.of(SimulationConfig.defaults(10, 10, 3, 5, 1));
  private final ChainState state = ((GenesisOutcome.Started) ChainState.fromGenesis(chain.genesis())).state();
  private final Set<ByteString> byzantine = chain.members().subList(0, 3).stream()
      .map(m -> m.keys().publicKey()).collect(Collectors.toSet());
  private final SeatScore score = new SeatScore(state.params(), byzantine);
  private final KeyPair grinder = chain.members().get(0).keys();

  private int seatsOf(ByteString q) {
    return score.of(state.tip().height() + 2, q, state.utxos().stakeIndex());
  }

  private OutputKey entry(KeyPair member) {
    return Tickets.entryOutput(member.publicKey(), state.utxos()).orElseThrow().key();
  }

  private boolean valid(Ticket t) {
    return TicketValidator.check(state.caches().signatures(), t, state.chainId(), state.tip().hash(), state.tip().q(),
        state.utxos()).isEmpty();
  }

  @Test
  void aGroundTicketIsValidAndItsQIsTheBestOfItsAlternatives() {
    TicketGrinder tickets = new TicketGrinder(Ed25519AlternativeSignatures::sign, score, TRIES);
    int better = 0;
    for (long salt = 1; salt <= SALTS; salt++) {
      Ticket ground = tickets.grind(grinder, state, entry(grinder), salt);
      assertTrue(valid(ground), "ground ticket of salt " + salt + " must verify");
      List<byte[]> alternatives = Ed25519AlternativeSignatures.sign(grinder.secretSeed().toByteArray(),
          TicketGrinder.qMessage(state), TRIES, salt);
      int best = alternatives.stream().mapToInt(q -> seatsOf(ByteString.copyFrom(q))).max().orElseThrow();
      assertEquals(best, seatsOf(ground.getQ()), "salt " + salt);
      Ticket honest = Tickets.create(grinder, state.chainId(), state.tip().hash(), state.tip().q(), entry(grinder));
      assertTrue(seatsOf(ground.getQ()) >= seatsOf(honest.getQ()), "salt " + salt);
      if (seatsOf(ground.getQ()) > seatsOf(honest.getQ())) {
        better++;
      }
    }
    assertTrue(better > 0, "grinding 64 alternatives never beat the honest q");
  }

  @Test
  void oneTryIsOneValidTicketWithTheFirstAlternative() {
    Ticket one = new TicketGrinder(Ed25519AlternativeSignatures::sign, score, 1).grind(grinder, state, entry(grinder), 7);
    assertTrue(valid(one));
    byte[] q = Ed25519AlternativeSignatures.sign(grinder.secretSeed().toByteArray(), TicketGrinder.qMessage(state), 1, 7)
        .get(0);
    assertEquals(ByteString.copyFrom(q), one.getQ());
  }

  @Test
  void aGrindingProposerTakesAValidTicketNeverWorseThanTheHonestOne() {
    Member honestMember = chain.members().get(9);
    Ticket honest = Tickets.create(honestMember.keys(), state.chainId(), state.tip().hash(), state.tip().q(),
        entry(honestMember.keys()));
    Block block = BlockBuilder.proposal(state, grinder.publicKey(), 0, state.tip().timestampMs() + 1, List.of(), honest);
    assertEquals(honest, new ProposalGrinder(Ed25519AlternativeSignatures::sign, score, 1)
        .choose(block, state, grinder, List.of(), 3), "one try: the honest choice");
    int better = 0;
    for (long salt = 1; salt <= SALTS; salt++) {
      Ticket chosen = new ProposalGrinder(Ed25519AlternativeSignatures::sign, score, TRIES)
          .choose(block, state, grinder, List.of(honest), salt);
      assertTrue(valid(chosen), "salt " + salt);
      assertTrue(seatsOf(chosen.getQ()) >= seatsOf(honest.getQ()), "salt " + salt);
      if (seatsOf(chosen.getQ()) > seatsOf(honest.getQ())) {
        better++;
      }
    }
    assertTrue(better > 0, "the proposer never found a better ticket among 64");
  }
}
