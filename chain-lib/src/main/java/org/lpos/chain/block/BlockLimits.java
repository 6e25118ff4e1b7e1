package org.lpos.chain.block;

import java.util.ArrayList;
import java.util.List;
import org.lpos.chain.ledger.Reason;
import org.lpos.chain.ledger.Rejection;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.ChainParams;

/** The block size limits of the chain parameters (0 means no limit). */
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
}
