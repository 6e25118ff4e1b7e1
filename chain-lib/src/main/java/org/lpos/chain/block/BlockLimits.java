package org.lpos.chain.block;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lpos.chain.ledger.Reason;
import org.lpos.chain.ledger.Rejection;
import org.lpos.chain.ledger.TransactionLimits;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.ChainParams;

/**
 * The size limits of the chain parameters: of a block (0 means no limit) and of each transaction
 * in a block after genesis ({@link TransactionLimits}; the genesis allocations are no relayed
 * transaction and are bounded by the block limit alone).
 */
final class BlockLimits {
  private BlockLimits() {}

  static List<Rejection> check(Block block, ChainParams params) {
    List<Rejection> problems = new ArrayList<>();
    int maxTxs = params.getMaxBlockTransactions();
    if (maxTxs != 0 && block.getTransactionsCount() > maxTxs) {
      problems.add(Rejection.of(Reason.BLOCK_TOO_LARGE, "%d transactions, limit %d",
          block.getTransactionsCount(), maxTxs));
    }
    int maxBytes = params.getMaxBlockBytes();
    if (maxBytes != 0 && block.getSerializedSize() > maxBytes) {
      problems.add(Rejection.of(Reason.BLOCK_TOO_LARGE, "%d bytes, limit %d", block.getSerializedSize(), maxBytes));
    }
    return problems;
  }

  /** The first transaction of {@code block} that breaks the transaction size rule, if any. */
  static List<Rejection> checkTransactions(Block block, ChainParams params) {
    for (int i = 0; i < block.getTransactionsCount(); i++) {
      Optional<Rejection> problem = TransactionLimits.check(block.getTransactions(i), params);
      if (problem.isPresent()) {
        return List.of(problem.get().within("tx " + i + ": "));
      }
    }
    return List.of();
  }
}
