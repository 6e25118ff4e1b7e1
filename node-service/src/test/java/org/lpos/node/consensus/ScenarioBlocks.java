package org.lpos.node.consensus;

import com.google.protobuf.ByteString;
import java.util.List;
import org.lpos.chain.block.ChainState;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.genesis.BlockBuilder;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.Vote;
import org.lpos.proto.v1.VoteType;

/** Hand-made blocks and signed messages for driving a core step by step. */
final class ScenarioBlocks {
  private ScenarioBlocks() {}

  /** A valid next block proposed by {@code proposer} in {@code round}, with its own ticket. */
  static Block block(ChainState chain, KeyPair proposer, int round, long timestampMs, List<Transaction> txs) {
    return BlockBuilder.proposal(chain, proposer.publicKey(), round, timestampMs, txs,
        BlockBuilder.ownTicket(chain, proposer));
  }

  static Vote prevote(KeyPair key, long height, int round, ByteString blockHash) {
    return ConsensusMessages.vote(key, CoreCluster.CHAIN_ID, VoteType.VOTE_TYPE_PREVOTE, height, round, blockHash);
  }

  static Vote precommit(KeyPair key, long height, int round, ByteString blockHash) {
    return ConsensusMessages.vote(key, CoreCluster.CHAIN_ID, VoteType.VOTE_TYPE_PRECOMMIT, height, round, blockHash);
  }
}
