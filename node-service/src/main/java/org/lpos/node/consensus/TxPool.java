package org.lpos.node.consensus;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lpos.chain.ledger.Reason;
import org.lpos.chain.ledger.Rejection;
import org.lpos.chain.ledger.TransactionLimits;
import org.lpos.chain.ledger.TransactionSignatures;
import org.lpos.chain.ledger.TransactionValidator;
import org.lpos.chain.ledger.TxOutcome;
import org.lpos.chain.ledger.UtxoView;
import org.lpos.chain.model.BlockSizes;
import org.lpos.chain.model.ChainCaches;
import org.lpos.chain.model.OutputKey;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.ChainParams;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TxInput;

/**
 * Pending transactions, in arrival order, bounded in count and bytes. A pending transaction
 * locks the outputs it spends: a second transaction spending a locked output is refused (the
 * original's {@code locking_txo}). Each commit removes the committed transactions and those that
 * no longer fit the ledger. A transaction over the chain's size rule ({@link TransactionLimits})
 * is refused on entry, so the pool never holds what no block may carry.
 */
final class TxPool {
  /**
   * Transactions {@link #reap} passes over at most because they do not fit what is left of the
   * block: enough to step past a few large transactions to the small ones behind them, while a
   * pool of 50,000 large ones is not scanned on every proposal.
   */
  static final int REAP_MAX_SKIPPED = 1_024;

  private final int maxTransactions;
  private final long maxBytes;
  private final ChainParams params;
  private final ChainCaches caches;
  private final LinkedHashMap<ByteString, Transaction> byId = new LinkedHashMap<>();
  private final Map<OutputKey, ByteString> lockedBy = new HashMap<>();
  private long bytes;

  /** A pool that checks transactions with the node's {@code caches}. */
  TxPool(int maxTransactions, long maxBytes, ChainParams params, ChainCaches caches) {
    this.maxTransactions = maxTransactions;
    this.maxBytes = maxBytes;
    this.params = params;
    this.caches = caches;
  }

  /**
   * Adds a peer's batch of transactions, each as {@link #add} does, after verifying their
   * signatures in one Ed25519 batch (about 2.3 times cheaper per signature); those that spend
   * outputs already held by pending transactions (a batch sent again) are not verified at all.
   * Returns the rejections in order.
   */
  List<Rejection> addAll(String chainId, List<Transaction> txs, UtxoView utxos) {
    List<Transaction> fresh = txs.stream().filter(tx -> tx.getInputsList().stream()
        .noneMatch(in -> lockedBy.containsKey(OutputKey.of(in.getSpends())))).toList();
    caches.signatures().verifyAhead(TransactionSignatures.of(chainId, fresh, utxos));
    List<Rejection> rejections = new ArrayList<>();
    for (Transaction tx : txs) {
      add(chainId, tx, utxos).ifPresent(rejections::add);
    }
    return rejections;
  }

  /** Adds a transaction valid against {@code utxos}; empty on success, else why not. */
  Optional<Rejection> add(String chainId, Transaction tx, UtxoView utxos) {
    Optional<Rejection> tooLarge = TransactionLimits.check(tx, params);
    if (tooLarge.isPresent()) {
      return tooLarge;
    }
    int size = tx.getSerializedSize();
    if (byId.size() >= maxTransactions || bytes + size > maxBytes) {
      return Optional.of(Rejection.of(Reason.POOL_FULL, "pool holds %d transactions, %d bytes", byId.size(), bytes));
    }
    for (TxInput in : tx.getInputsList()) {
      ByteString holder = lockedBy.get(OutputKey.of(in.getSpends()));
      if (holder != null) {
        return Optional.of(Rejection.of(Reason.INPUT_LOCKED,
            "%s is spent by a pending transaction", OutputKey.of(in.getSpends())));
      }
    }
    TxOutcome outcome = TransactionValidator.check(caches, chainId, tx, utxos);
    if (outcome instanceof TxOutcome.Invalid invalid) {
      return Optional.of(invalid.problems().get(0));
    }
    TxOutcome.Valid valid = (TxOutcome.Valid) outcome;
    if (byId.containsKey(valid.txId())) {
      return Optional.of(Rejection.of(Reason.DUPLICATE_TRANSACTION, "already pending"));
    }
    byId.put(valid.txId(), tx);
    valid.spent().forEach(k -> lockedBy.put(k, valid.txId()));
    bytes += size;
    return Optional.empty();
  }

  /**
   * Oldest first, up to {@code maxCount} transactions (0 = no limit) whose fields in a block add
   * up to at most {@code blockBytes} ({@link BlockSizes#transactionField}, so the caller adds only
   * its header's field; 0 = no limit). A transaction that does not fit what is left is
   * passed over and later, smaller ones are taken, up to {@value #REAP_MAX_SKIPPED} passed over.
   */
  List<Transaction> reap(int maxCount, long blockBytes) {
    List<Transaction> out = new ArrayList<>();
    long left = blockBytes;
    int skipped = 0;
    for (Transaction tx : byId.values()) {
      if (maxCount > 0 && out.size() >= maxCount) {
        break;
      }
      int cost = BlockSizes.transactionField(tx);
      if (blockBytes > 0 && cost > left) {
        if (++skipped >= REAP_MAX_SKIPPED) {
          break;
        }
        continue;
      }
      out.add(tx);
      left -= cost;
    }
    return out;
  }

  /**
   * Removes what {@code block} committed and every pending transaction that spends an output the
   * block spent. Those are the only ones a block invalidates: pending transactions spend outputs
   * of the ledger (checked on entry), and only a block removes outputs from it. The cost is that
   * of the block, not of the pool.
   */
  void onCommit(Block block) {
    for (Transaction tx : block.getTransactionsList()) {
      remove(caches.txIds().id(tx));
    }
    for (Transaction tx : block.getTransactionsList()) {
      for (TxInput in : tx.getInputsList()) {
        ByteString holder = lockedBy.get(OutputKey.of(in.getSpends()));
        if (holder != null) {
          remove(holder);
        }
      }
    }
  }

  /** Removes and returns every pending transaction. */
  List<Transaction> drain() {
    List<Transaction> all = new ArrayList<>(byId.values());
    byId.clear();
    lockedBy.clear();
    bytes = 0;
    return all;
  }

  int size() {
    return byId.size();
  }

  boolean isEmpty() {
    return byId.isEmpty();
  }

  private void remove(ByteString id) {
    Transaction tx = byId.remove(id);
    if (tx != null) {
      unlock(tx);
      bytes -= tx.getSerializedSize();
    }
  }

  private void unlock(Transaction tx) {
    for (TxInput in : tx.getInputsList()) {
      lockedBy.remove(OutputKey.of(in.getSpends()));
    }
  }
}
