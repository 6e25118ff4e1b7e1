package org.lpos.chain.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.genesis.BlockBuilder;
import org.lpos.chain.ledger.InMemoryUtxoSet;
import org.lpos.chain.ledger.Reason;
import org.lpos.chain.lottery.SeedProofs;
import org.lpos.chain.lottery.StakeSnapshots;
import org.lpos.chain.lottery.VrfSeeds;
import org.lpos.chain.model.ChainCaches;
import org.lpos.chain.model.Utxo;
import org.lpos.chain.senate.Senate;
import org.lpos.proto.v1.BlockHeader;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.SeatDraw;
import org.lpos.proto.v1.Transaction;

/**
 * The VRF lottery's rules (PROTOCOL §6a): a block carries its proposer's proof over the previous
 * seed and no ticket, the proof's output seeds the next draw, and the draw reads per-owner stake
 * {@link StakeSnapshots#DELAY_BLOCKS} blocks old.
 */
class VrfLotteryTest {
  private static final SeedProofs PROOFS = SeedProofs.ecvrf();

  private static ChainFixture vrfChain() {
    return ChainFixture.vrf(4, SeatDraw.SEAT_DRAW_DISTINCT_MEMBERS, PROOFS);
  }

  @Test
  void aValidBlockIsAcceptedAndItsOutputSeedsTheNextDraw() {
    ChainFixture f = vrfChain();
    ByteString previousQ = f.state.tip().q();
    CertifiedBlock block = f.next(List.of(f.pay(f.utxosOf(0).get(0), 1, 100)));
    BlockHeader h = block.getBlock().getHeader();
    assertFalse(h.hasTicket());
    assertEquals(VrfSeeds.PROOF_BYTES, h.getVrfProof().size());

    f.applyValid(block);

    assertEquals(PROOFS.verify(h.getProposer(), h.getVrfProof(), VrfSeeds.alpha(ChainFixture.CHAIN_ID, 1, previousQ)),
        Optional.of(f.state.tip().q()));
  }

  @Test
  void aBlockWithoutAProofIsRefused() {
    ChainFixture f = vrfChain();
    f.assertRejected(f.withHeader(f.next(List.of()), BlockHeader.Builder::clearVrfProof), Reason.BAD_VRF_PROOF);
  }

  @Test
  void aFlippedBitInTheProofIsRefused() {
    ChainFixture f = vrfChain();
    CertifiedBlock block = f.next(List.of());
    byte[] proof = block.getBlock().getHeader().getVrfProof().toByteArray();
    proof[7] ^= 1;
    f.assertRejected(f.withHeader(block, h -> h.setVrfProof(ByteString.copyFrom(proof))), Reason.BAD_VRF_PROOF);
  }

  @Test
  void anotherMembersProofIsRefused() {
    ChainFixture f = vrfChain();
    CertifiedBlock block = f.next(List.of());
    ByteString proposer = block.getBlock().getHeader().getProposer();
    KeyPair other = f.members.stream().map(m -> m.keys()).filter(k -> !k.publicKey().equals(proposer)).findFirst()
        .orElseThrow();
    ByteString theirs = f.state.vrfProof(other);
    f.assertRejected(f.withHeader(block, h -> h.setVrfProof(theirs)), Reason.BAD_VRF_PROOF);
  }

  @Test
  void aProofOverAnotherInputIsRefused() {
    ChainFixture f = vrfChain();
    CertifiedBlock block = f.next(List.of());
    KeyPair proposer = f.keys.get(block.getBlock().getHeader().getProposer());
    ByteString q = f.state.tip().q();
    ByteString otherHeight = PROOFS.prove(proposer, VrfSeeds.alpha(ChainFixture.CHAIN_ID, 2, q));
    ByteString otherSeed = PROOFS.prove(proposer, VrfSeeds.alpha(ChainFixture.CHAIN_ID, 1, q.concat(q)));
    ByteString otherChain = PROOFS.prove(proposer, VrfSeeds.alpha("lpos-other", 1, q));
    for (ByteString wrong : List.of(otherHeight, otherSeed, otherChain)) {
      f.assertRejected(f.withHeader(block, h -> h.setVrfProof(wrong)), Reason.BAD_VRF_PROOF);
    }
  }

  @Test
  void aTicketIsRefused() {
    ChainFixture f = vrfChain();
    CertifiedBlock block = f.next(List.of());
    KeyPair proposer = f.keys.get(block.getBlock().getHeader().getProposer());
    f.assertRejected(f.withHeader(block, h -> h.setTicket(BlockBuilder.ownTicket(f.state, proposer))),
        Reason.BAD_TICKET);
  }

  @Test
  void theProofIsCheckedBeforeTheTransactions() {
    ChainFixture f = vrfChain();
    Transaction unsigned = ChainFixture.unsigned(List.of(f.utxosOf(0).get(0)), List.of(f.output(1, 10)));
    CertifiedBlock block = f.withTransactions(f.next(List.of()), List.of(unsigned));
    f.assertRejected(f.withHeader(block, h -> h.setVrfProof(ByteString.copyFrom(new byte[VrfSeeds.PROOF_BYTES]))),
        Reason.BAD_VRF_PROOF);
  }

  @Test
  void aDirectorChainRefusesAProofAndIsOtherwiseUnchanged() {
    ChainFixture f = ChainFixture.standard();
    CertifiedBlock block = f.next(List.of());
    assertTrue(block.getBlock().getHeader().getVrfProof().isEmpty());
    assertTrue(f.state.stakeSnapshots().isEmpty());
    assertThrows(IllegalStateException.class, () -> f.state.vrfProof(f.key(0)));
    f.assertRejected(f.withHeader(block, h -> h.setVrfProof(ByteString.copyFrom(new byte[VrfSeeds.PROOF_BYTES]))),
        Reason.BAD_VRF_PROOF);
    f.applyValid(block);
    assertEquals(block.getBlock().getHeader().getTicket().getQ(), f.state.tip().q());
  }

  @Test
  void aStakeMoveEntersTheDrawDelayBlocksLater() {
    int moveAt = 3;
    ChainFixture quiet = vrfChain();
    List<Senate> quietSenates = run(quiet, moveAt + StakeSnapshots.DELAY_BLOCKS + 1, moveAt, null);
    Senate target = quietSenates.get(moveAt + StakeSnapshots.DELAY_BLOCKS);
    // The mover gives everything away: a senator of the height its move may reach.
    int mover = memberIndex(quiet, target.senators().get(0));
    int receiver = (mover + 1) % 6;

    ChainFixture moved = vrfChain();
    List<Senate> movedSenates = run(moved, moveAt + StakeSnapshots.DELAY_BLOCKS + 1, moveAt,
        f -> f.signed(f.utxosOf(mover), List.of(f.output(receiver, ChainFixture.BIG_OUTPUT + ChainFixture.SMALL_OUTPUT))));

    for (int h = 1; h <= moveAt + StakeSnapshots.DELAY_BLOCKS; h++) {
      assertEquals(quietSenates.get(h - 1), movedSenates.get(h - 1), "senate " + h + " reads stake from before the move");
    }
    Senate reached = movedSenates.get(moveAt + StakeSnapshots.DELAY_BLOCKS);
    assertNotEquals(target, reached);
    assertFalse(reached.isSenator(quiet.pub(mover)), "the mover holds nothing in the snapshot after block " + moveAt);
  }

  @Test
  void payingItselfMovesNoPosition() {
    int moveAt = 2;
    List<Senate> quiet = run(vrfChain(), 8, moveAt, null);
    List<Senate> split = run(vrfChain(), 8, moveAt, f -> f.signed(f.utxosOf(0),
        List.of(f.output(0, 1), f.output(0, ChainFixture.BIG_OUTPUT + ChainFixture.SMALL_OUTPUT - 1))));
    assertEquals(quiet, split);
  }

  @Test
  void aRestoredChainDrawsTheSameSenatesAsOneThatNeverStopped() {
    ChainFixture f = vrfChain();
    for (int i = 0; i < 4; i++) {
      f.applyValid(f.next(List.of(f.pay(f.utxosOf(i).get(0), i + 1, 100))));
    }
    List<Utxo> stored = new ArrayList<>();
    f.state.utxos().forEach(stored::add);
    ChainState restored = ChainState.restore(f.genesis, f.state.tip(), InMemoryUtxoSet.of(stored), new ChainCaches(),
        f.state.stakeSnapshots(), PROOFS);
    for (int i = 0; i < 4; i++) {
      assertEquals(f.state.nextSenate(), restored.nextSenate());
      CertifiedBlock next = f.next(List.of(f.signed(f.utxosOf(i + 1), List.of(f.output(i, 50)))));
      restored.apply(next);
      f.applyValid(next);
      assertEquals(f.state.tip(), restored.tip());
    }
    assertEquals(f.state.stakeSnapshots(), restored.stakeSnapshots());
    assertThrows(IllegalArgumentException.class, () -> ChainState.restore(f.genesis, f.state.tip(),
        InMemoryUtxoSet.of(stored), new ChainCaches(), Optional.empty(), PROOFS));
  }

  /** Applies {@code blocks} blocks, {@code atMove}'s with {@code move}'s transaction; the senates of 1..blocks. */
  private static List<Senate> run(ChainFixture f, int blocks, int atMove,
      java.util.function.Function<ChainFixture, Transaction> move) {
    List<Senate> senates = new ArrayList<>();
    for (int h = 1; h <= blocks; h++) {
      senates.add(f.state.nextSenate());
      List<Transaction> txs = h == atMove && move != null ? List.of(move.apply(f)) : List.of();
      f.applyValid(f.next(txs));
    }
    return senates;
  }

  private static int memberIndex(ChainFixture f, ByteString key) {
    for (int i = 0; i < f.members.size(); i++) {
      if (f.pub(i).equals(key)) {
        return i;
      }
    }
    throw new IllegalArgumentException("not a member");
  }
}
