package org.lpos.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lpos.chain.block.ChainState;
import org.lpos.chain.block.GenesisOutcome;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.genesis.GenesisBuilder;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.ChainParams;
import org.lpos.proto.v1.PeerMessage;

/**
 * One height's agreement driven alone, through its port ({@link HeightServices}) and without a
 * {@link NodeCore}: it reports a decision by returning it and leaves the commit to its caller.
 */
class HeightAgreementTest {
  private static final long T0 = 1_000_000;

  @Test
  void aLoneSenatorReturnsItsDecisionAndCommitsNothing() {
    KeyPair key = TestMembers.derive(7, 1).get(0).keys();
    ChainParams params = ChainParams.newBuilder().setChainId("lpos-test").setSenateSeats(1)
        .setMaxBlockTransactions(1_000).setMaxBlockBytes(1 << 20).build();
    Block genesis = GenesisBuilder.build(params, ByteString.copyFromUtf8("q0"), T0 - 1_000,
        List.of(new GenesisBuilder.Allocation(key.publicKey(), 250_000)));
    ChainState chain = ((GenesisOutcome.Started) ChainState.fromGenesis(genesis)).state();
    ConsensusConfig config = ConsensusConfig.defaults();
    StepOutput out = new StepOutput();
    Timers timers = new Timers();
    HeightServices services = new CoreHeightServices(key, chain, new SignerGuard(Optional.empty()),
        new TxPool(config.poolMaxTransactions(), config.poolMaxBytes(), chain.params(), chain.caches()), new TicketBox(),
        timers, out);
    HeightAgreement agreement = new HeightAgreement(chain.nextSenate(), config, key.publicKey(), T0, services,
        new ProposalPace());
    // Round 1: a proposer proposes there even with an empty pool.
    agreement.startRound(1, T0);

    Optional<CertifiedBlock> decided = agreement.progress(T0 + config.ticketWindowMs());

    assertTrue(decided.isPresent(), "one seat is a quorum: the senator decides its own proposal");
    assertEquals(1, decided.get().getBlock().getHeader().getHeight());
    assertEquals(1, decided.get().getCertificate().getRound());
    assertEquals(List.of(key.publicKey()), decided.get().getCertificate().getPrecommitsList().stream()
        .map(p -> p.getSigner()).toList());
    assertEquals(0, chain.tip().height(), "committing the decision is the caller's business");
    Ready ready = out.take(Optional.empty(), agreement.takeChangedState(), timers.next());
    assertTrue(ready.agreement().isPresent(), "the lock taken on the way is reported for persisting");
    assertEquals(List.of(PeerMessage.BodyCase.PROPOSAL, PeerMessage.BodyCase.VOTE, PeerMessage.BodyCase.VOTE),
        ready.messages().stream().map(m -> m.message().getBodyCase()).toList(),
        "proposal, prevote and precommit, each addressed to the senate");
    assertTrue(ready.messages().stream().allMatch(m -> m instanceof Outbound.ToSenate s && s.senators().isEmpty()),
        "the senate without this node is empty");
    assertTrue(ready.committed().isEmpty());
  }

  @Test
  void aOneShotActionHappensOncePerRound() {
    OneShots once = new OneShots();
    assertTrue(once.first(OneShots.Action.LOCK, 0));
    assertFalse(once.first(OneShots.Action.LOCK, 0));
    assertTrue(once.first(OneShots.Action.ROUND_STALL, 0), "another action of the same round");
    assertTrue(once.first(OneShots.Action.LOCK, 1), "the same action in another round");
  }
}
