package org.lpos.lab.grind;

import com.google.protobuf.ByteString;
import java.util.List;
import org.lpos.chain.block.ChainState;
import org.lpos.chain.ledger.UtxoDelta;
import org.lpos.chain.lottery.SeedProofs;
import org.lpos.chain.senate.OwnerStake;
import org.lpos.proto.v1.Block;

/**
 * The only lever a member has on the VRF lottery (PROTOCOL §6a): its proof is unique, so it cannot
 * try alternatives, but as a proposer it sees its output before anyone else and may stay silent,
 * so that a later round's proposer's output seeds the next senate instead. The rule: a Byzantine
 * proposer withholds a fresh proposal of round r when the senate its output would seed (drawn as
 * the chain draws it, from the stake snapshot that draw reads) gives the Byzantine members fewer
 * seats than their expected share of a senate (stake share times seats), and r + 1 is below the
 * seats, so that withholding stops after one pass over the senate's seats and the height stays
 * live. Each withholding costs the height a view change (the propose timeout of round r).
 */
public final class Withholding {
  private final SeatScore score;
  private final SeedProofs proofs;

  /** The rule scoring with {@code score}, reading outputs through {@code proofs}. */
  public Withholding(SeatScore score, SeedProofs proofs) {
    this.score = score;
    this.proofs = proofs;
  }

  /** Whether a Byzantine proposer withholds {@code block}, proposed in {@code round} on {@code state}. */
  public boolean withholds(Block block, int round, ChainState state) {
    if (round + 1 >= score.seats() || state.stakeSnapshots().isEmpty()) {
      return false;
    }
    ByteString beta = proofs.outputOf(block.getHeader().getVrfProof()).orElse(null);
    if (beta == null) {
      return false;
    }
    // The draw of height h + 1 reads the snapshot that is oldest once block h is in: the window
    // after any block, since the block's own stake change enters D heights later.
    OwnerStake stake = state.stakeSnapshots().get().after(new UtxoDelta(List.of(), List.of())).forNextDraw();
    int seats = score.of(block.getHeader().getHeight() + 1, beta, stake);
    return seats < score.expected(stake.totals());
  }
}
