package org.lpos.chain.genesis;

import com.google.protobuf.ByteString;
import java.util.Map;
import org.lpos.chain.block.BlockOutcome;
import org.lpos.chain.block.ChainState;
import org.lpos.chain.block.GenesisOutcome;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.BlockHeader;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.ChainFile;

/**
 * A chain used as a template of stake: the same genesis allocations and the same transactions in
 * each later block, under a senate of any size N. The original took N at run time on any chain,
 * so a shipped chain (genic, 10_rich_man, 100_rich_man) is a template and each node derives the
 * chain for its N itself. The derivation is deterministic (Ed25519 signatures and tickets are),
 * so every node given the same N derives byte-identical blocks and the same genesis hash, and
 * nodes given different N derive different genesis hashes (N is in the genesis parameters).
 *
 * <p>Genesis keeps every field but {@code senate_seats}; its transaction, which has no inputs,
 * keeps its id, so later transactions (signed over the chain id, not a block) stay valid. Each
 * later block is proposed and certified again by the senate the new N draws, so the keys of
 * that senate must be at hand: the shipped test members' keys are.
 */
public final class SeatTemplate {
  private SeatTemplate() {}

  /** The senate size a chain's genesis fixes. */
  public static int seatsOf(ChainFile chain) {
    return chain.getBlocks(0).getBlock().getHeader().getParams().getSenateSeats();
  }

  /**
   * The chain {@code template} describes, with {@code seats} senate seats: {@code template}
   * itself when it already has that many (so its hash is unchanged), else re-derived.
   *
   * @param keys the keys that may propose and sign the re-derived blocks, by public key
   * @throws IllegalArgumentException when a senator's key is missing or the template does not
   *     apply under the new senate
   */
  public static ChainFile withSeats(ChainFile template, int seats, Map<ByteString, KeyPair> keys) {
    if (seats < 1) {
      throw new IllegalArgumentException("a senate has at least 1 seat: " + seats);
    }
    if (seatsOf(template) == seats) {
      return template;
    }
    Block old = template.getBlocks(0).getBlock();
    BlockHeader header = old.getHeader().toBuilder()
        .setParams(old.getHeader().getParams().toBuilder().setSenateSeats(seats))
        .build();
    Block genesis = old.toBuilder().setHeader(header).build();
    ChainState state = start(genesis);
    ChainFile.Builder derived = template.toBuilder().clearBlocks()
        .addBlocks(CertifiedBlock.newBuilder().setBlock(genesis));
    for (CertifiedBlock next : template.getBlocksList().subList(1, template.getBlocksCount())) {
      Block b = next.getBlock();
      CertifiedBlock again;
      try {
        again = BlockBuilder.next(state, b.getTransactionsList(), b.getHeader().getTimestampMs(), keys);
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw new IllegalArgumentException("block " + b.getHeader().getHeight() + " cannot be certified again with "
            + seats + " seats: " + e.getMessage(), e);
      }
      BlockOutcome outcome = state.apply(again);
      if (outcome instanceof BlockOutcome.Invalid invalid) {
        throw new IllegalArgumentException("block " + b.getHeader().getHeight() + " is invalid with " + seats
            + " seats: " + invalid.problems().get(0));
      }
      derived.addBlocks(again);
    }
    return derived.build();
  }

  private static ChainState start(Block genesis) {
    GenesisOutcome outcome = ChainState.fromGenesis(genesis);
    if (outcome instanceof GenesisOutcome.Started started) {
      return started.state();
    }
    throw new IllegalArgumentException("the template's genesis is invalid with "
        + genesis.getHeader().getParams().getSenateSeats() + " seats: "
        + ((GenesisOutcome.Invalid) outcome).problems().get(0));
  }
}
