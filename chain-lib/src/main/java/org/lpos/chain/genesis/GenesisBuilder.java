package org.lpos.chain.genesis;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import org.lpos.chain.crypto.Hashes;
import org.lpos.chain.model.MerkleRoot;
import org.lpos.chain.model.Scripts;
import org.lpos.chain.ticket.Tickets;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.BlockHeader;
import org.lpos.proto.v1.ChainParams;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TxOutput;

/** Builds a genesis block: parameters, the seed {@code q}, and allocations to owners. */
public final class GenesisBuilder {
  /** One allocation of genesis value to an owner. */
  public record Allocation(ByteString owner, long value) {}

  private GenesisBuilder() {}

  /**
   * The genesis block giving each allocation its own output of one transaction, in order.
   */
  public static Block build(ChainParams params, ByteString q, long timestampMs, List<Allocation> allocations) {
    Transaction.Builder tx = Transaction.newBuilder();
    for (Allocation a : allocations) {
      tx.addOutputs(TxOutput.newBuilder().setValue(a.value()).setLock(Scripts.standardLock(a.owner())));
    }
    List<Transaction> txs = new ArrayList<>(List.of(tx.build()));
    BlockHeader header = BlockHeader.newBuilder()
        .setChainId(params.getChainId())
        .setHeight(0)
        .setPrevHash(Hashes.ZERO)
        .setMerkleRoot(MerkleRoot.ofTransactions(txs))
        .setTimestampMs(timestampMs)
        .setTicket(Tickets.genesis(q))
        .setParams(params)
        .build();
    return Block.newBuilder().setHeader(header).addAllTransactions(txs).build();
  }
}
