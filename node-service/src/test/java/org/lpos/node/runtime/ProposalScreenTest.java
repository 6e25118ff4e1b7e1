package org.lpos.node.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.lpos.chain.block.ChainState;
import org.lpos.chain.block.GenesisOutcome;
import org.lpos.chain.crypto.SignatureVerifier;
import org.lpos.chain.genesis.BlockBuilder;
import org.lpos.chain.genesis.GenesisBuilder;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.chain.model.Member;
import org.lpos.node.consensus.ConsensusMessages;
import org.lpos.node.consensus.NodeStatus;
import org.lpos.node.consensus.Step;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.ChainParams;
import org.lpos.proto.v1.Proposal;

/**
 * Which proposals a node verifies ahead of its core: only the first of each round of the height
 * being decided, signed by a senator, so nobody can make a node batch-verify blocks at will.
 */
class ProposalScreenTest {
  private static final String CHAIN_ID = "lpos-screen";
  private final List<Member> members = TestMembers.derive(5, 2);
  private final Member senator = members.get(0);
  private final Member outsider = members.get(1);
  private final SignatureVerifier verifier = new SignatureVerifier();
  private final ChainState chain = chain();
  private final AtomicReference<NodeStatus> status = new AtomicReference<>(statusAt(1, 0));
  private final ProposalScreen screen = new ProposalScreen(status::get,
      () -> new SignaturePrecheck.Context(CHAIN_ID, verifier, chain.utxos(), chain.caches().txIds()));

  @Test
  void theFirstSignedProposalOfARoundIsCheckedAheadAndNoOtherOfThatRound() {
    assertTrue(screen.worthCheckingAhead(proposal(senator, 1, 0, 1)));
    assertFalse(screen.worthCheckingAhead(proposal(senator, 1, 0, 2)), "a second block for round 0");
    assertTrue(screen.worthCheckingAhead(proposal(senator, 1, 1, 3)), "round 1 is another round");
  }

  @Test
  void proposalsOfOutsidersOtherHeightsFarRoundsOrBadSignaturesAreNot() {
    long before = verifier.verificationsPerformed();
    assertFalse(screen.worthCheckingAhead(proposal(outsider, 1, 0, 1)), "not a senator");
    assertFalse(screen.worthCheckingAhead(proposal(senator, 3, 0, 1)), "neither the height being decided nor the next");
    assertFalse(screen.worthCheckingAhead(proposal(senator, 1, ProposalScreen.ROUNDS_AHEAD + 1, 1)), "too far ahead");
    assertEquals(before, verifier.verificationsPerformed(), "none of these cost a verification");
    Proposal forged = proposal(senator, 1, 0, 1).toBuilder().setSignature(ByteString.copyFrom(new byte[64])).build();
    assertFalse(screen.worthCheckingAhead(forged), "a bad signature");
    assertTrue(screen.worthCheckingAhead(proposal(senator, 1, 0, 1)), "and the forgery did not use up round 0");
  }

  @Test
  void aProposalOfTheNextHeightArrivingBeforeTheCommitIsCheckedOnceAcrossTheCommit() {
    assertTrue(screen.worthCheckingAhead(proposal(senator, 1, 0, 1)));
    assertTrue(screen.worthCheckingAhead(proposal(senator, 2, 0, 1)), "the next height, early");
    status.set(statusAt(2, 0));
    assertFalse(screen.worthCheckingAhead(proposal(senator, 2, 0, 2)), "round 0 of height 2 was checked");
    assertTrue(screen.worthCheckingAhead(proposal(senator, 3, 0, 1)));
  }

  private ChainState chain() {
    ChainParams params = ChainParams.newBuilder().setChainId(CHAIN_ID).setSenateSeats(1).build();
    Block genesis = GenesisBuilder.build(params, ByteString.copyFromUtf8("q"), 1_700_000_000_000L,
        List.of(new GenesisBuilder.Allocation(senator.keys().publicKey(), 1_000)));
    return ((GenesisOutcome.Started) ChainState.fromGenesis(genesis)).state();
  }

  private NodeStatus statusAt(long height, int round) {
    return new NodeStatus(height, ByteString.EMPTY, round, Step.PROPOSE, 0, false, 0, false, chain.nextSenate());
  }

  /** A proposal signed by {@code by}; {@code salt} makes blocks of one round differ. */
  private Proposal proposal(Member by, long height, int round, long salt) {
    Block block = BlockBuilder.proposal(chain, by.keys().publicKey(), round, 1_700_000_000_000L + salt, List.of(),
        BlockBuilder.ownTicket(chain, senator.keys()));
    return ConsensusMessages.proposal(by.keys(), CHAIN_ID, height, round, block, -1);
  }
}
