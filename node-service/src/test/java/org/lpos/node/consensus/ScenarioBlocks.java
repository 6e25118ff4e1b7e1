package org.lpos.node.consensus;

import com.google.protobuf.ByteString;
import java.util.List;
import org.lpos.chain.block.ChainState;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.model.MerkleRoot;
import org.lpos.chain.ticket.Tickets;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.BlockHeader;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.Vote;
import org.lpos.proto.v1.VoteType;

/** Hand-made blocks and signed messages for driving a core step by step. */
final class ScenarioBlocks {
  private ScenarioBlocks() {}

  /** A valid next block proposed by {@code proposer} in {@code round}, with its own ticket. */
  static Block block(ChainState chain, KeyPair proposer, int round, long timestampMs, List<Transaction> txs) {
    var entry = Tickets.entryOutput(proposer.publicKey(), chain.utxos()).orElseThrow();
    BlockHeader header = BlockHeader.newBuilder()
        .setChainId(chain.chainId())
        .setHeight(chain.tip().height() + 1)
        .setPrevHash(chain.tip().hash())
        .setMerkleRoot(MerkleRoot.ofTransactions(txs))
        .setTimestampMs(timestampMs)
        .setProposer(proposer.publicKey())
        .setRound(round)
        .setTicket(Tickets.create(proposer, chain.chainId(), chain.tip().hash(), chain.tip().q(), entry.key()))
        .build();
    return Block.newBuilder().setHeader(header).addAllTransactions(txs).build();
  }

  static Vote prevote(KeyPair key, long height, int round, ByteString blockHash) {
    return ConsensusMessages.vote(key, CoreCluster.CHAIN_ID, VoteType.VOTE_TYPE_PREVOTE, height, round, blockHash);
  }

  static Vote precommit(KeyPair key, long height, int round, ByteString blockHash) {
    return ConsensusMessages.vote(key, CoreCluster.CHAIN_ID, VoteType.VOTE_TYPE_PRECOMMIT, height, round, blockHash);
  }
}
