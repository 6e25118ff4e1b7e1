package org.lpos.node.consensus;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.lpos.chain.block.ChainState;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.genesis.BlockBuilder;
import org.lpos.chain.ledger.PendingUtxos;
import org.lpos.chain.ledger.TransactionValidator;
import org.lpos.chain.ledger.TxOutcome;
import org.lpos.chain.model.BlockSizes;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.Lottery;
import org.lpos.proto.v1.Ticket;
import org.lpos.proto.v1.Transaction;

/**
 * Builds the block this node proposes: the lowest ticket of the director competition (or its own),
 * or on a VRF chain its own VRF proof, and as many pool transactions, valid together on the tip, as the block limits allow.
 */
final class ProposalBuilder {
  private final ChainState chain;
  private final KeyPair key;
  private final TxPool pool;
  private final TicketBox tickets;

  ProposalBuilder(ChainState chain, KeyPair key, TxPool pool, TicketBox tickets) {
    this.chain = chain;
    this.key = key;
    this.pool = pool;
    this.tickets = tickets;
  }

  Block build(int round, long nowMs) {
    int maxTxs = chain.params().getMaxBlockTransactions();
    long maxBytes = chain.params().getMaxBlockBytes();
    Function<List<Transaction>, Block> seal = seal(round, Math.max(nowMs, chain.tip().timestampMs()));
    // The header's size does not depend on the transactions (the merkle root is 32 bytes even
    // for none), so what is left after it is exactly the room for their fields.
    Block empty = seal.apply(List.of());
    long room = maxBytes == 0 ? 0 : Math.max(1, maxBytes - BlockSizes.headerField(empty.getHeader()));
    PendingUtxos pending = new PendingUtxos(chain.utxos());
    List<Transaction> txs = new ArrayList<>();
    for (Transaction tx : pool.reap(maxTxs, room)) {
      TxOutcome outcome = TransactionValidator.check(chain.caches(), chain.chainId(), tx, pending);
      if (outcome instanceof TxOutcome.Valid v) {
        pending.apply(v.spent(), v.created());
        txs.add(tx);
      }
    }
    Block block = seal.apply(txs);
    if (maxBytes != 0 && block.getSerializedSize() > maxBytes) {
      throw new IllegalStateException("built a block of " + block.getSerializedSize() + " bytes, limit " + maxBytes);
    }
    return block;
  }

  /**
   * How this proposal's header ends: the lowest ticket known (or its own) on a director chain, its
   * own VRF proof on a VRF chain (PROTOCOL §6a). The proof is made once per proposal.
   */
  private Function<List<Transaction>, Block> seal(int round, long timestampMs) {
    if (chain.lottery() == Lottery.LOTTERY_VRF) {
      ByteString proof = chain.vrfProof(key);
      return txs -> BlockBuilder.vrfProposal(chain, key.publicKey(), round, timestampMs, txs, proof);
    }
    Ticket ticket = tickets.lowest().orElseGet(() -> BlockBuilder.ownTicket(chain, key));
    return txs -> BlockBuilder.proposal(chain, key.publicKey(), round, timestampMs, txs, ticket);
  }
}
