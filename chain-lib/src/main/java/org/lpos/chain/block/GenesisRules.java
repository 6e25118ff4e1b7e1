package org.lpos.chain.block;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.lpos.chain.crypto.Domain;
import org.lpos.chain.crypto.Hashes;
import org.lpos.chain.ledger.Reason;
import org.lpos.chain.ledger.Rejection;
import org.lpos.chain.ledger.TransactionLimits;
import org.lpos.chain.ledger.TransactionValidator;
import org.lpos.chain.ledger.TxOutcome;
import org.lpos.chain.model.ChainCaches;
import org.lpos.chain.model.MerkleRoot;
import org.lpos.chain.model.Utxo;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.BlockHeader;
import org.lpos.proto.v1.ChainParams;
import org.lpos.proto.v1.Lottery;
import org.lpos.proto.v1.SeatDraw;

/**
 * The rules of a genesis block: height 0, zero previous hash, valid parameters, a seed {@code q}
 * and nothing else in its ticket, no proposer, and transactions without inputs (the only source
 * of value) whose total fits in int64.
 */
final class GenesisRules {
  /**
   * The most seats a chain may have. Every draw hashes once and keeps one owner per seat, and a
   * certificate may carry a signature per seat; without a bound, a genesis with 2^31-1 seats
   * passed these rules and the first draw (node start, or verifying block 1) died with an
   * OutOfMemoryError (found by ChainFilesFuzzTest). 10,000 is far above any senate this
   * project runs (tens of seats) and keeps a draw to a few milliseconds.
   */
  static final int MAX_SENATE_SEATS = 10_000;

  private GenesisRules() {}

  static List<Rejection> check(Block genesis, ChainCaches caches) {
    List<Rejection> problems = new ArrayList<>();
    if (!genesis.hasHeader()) {
      problems.add(bad("genesis has no header"));
      return problems;
    }
    BlockHeader h = genesis.getHeader();
    ChainParams p = h.getParams();
    if (!h.hasParams()) {
      problems.add(bad("genesis has no chain parameters"));
    } else {
      if (!Domain.isValidChainId(p.getChainId())) {
        problems.add(bad("chain id must be 1-64 printable ASCII characters"));
      }
      if (p.getSenateSeats() < 1 || p.getSenateSeats() > MAX_SENATE_SEATS) {
        problems.add(bad("senate_seats must be 1-" + MAX_SENATE_SEATS));
      }
      if (p.getSeatDraw() == SeatDraw.UNRECOGNIZED) {
        problems.add(bad("seat_draw " + p.getSeatDrawValue() + " is not a known draw (0 with replacement,"
            + " 1 distinct members)"));
      }
      if (p.getLottery() == Lottery.UNRECOGNIZED) {
        problems.add(bad("lottery " + p.getLotteryValue() + " is not a known lottery (0 director, 1 vrf)"));
      }
      if (p.getMaxTransactionBytes() > TransactionLimits.CEILING_BYTES) {
        problems.add(bad("max_transaction_bytes " + p.getMaxTransactionBytes() + " is above the ceiling "
            + TransactionLimits.CEILING_BYTES));
      }
    }
    if (!h.getChainId().equals(p.getChainId())) {
      problems.add(Rejection.of(Reason.WRONG_CHAIN, "header chain id %s differs from the parameters' %s",
          h.getChainId(), p.getChainId()));
    }
    if (h.getHeight() != 0) {
      problems.add(Rejection.of(Reason.WRONG_HEIGHT, "genesis height is %d, expected 0", h.getHeight()));
    }
    if (!h.getPrevHash().equals(Hashes.ZERO)) {
      problems.add(Rejection.of(Reason.WRONG_PREV_HASH, "genesis previous hash must be 32 zero bytes"));
    }
    if (!h.getProposer().isEmpty() || h.getRound() != 0) {
      problems.add(bad("genesis has no proposer and round 0"));
    }
    if (!h.getVrfProof().isEmpty()) {
      problems.add(bad("genesis carries no VRF proof"));
    }
    if (!h.hasTicket() || h.getTicket().getQ().isEmpty() || h.getTicket().hasOutput()
        || !h.getTicket().getOwner().isEmpty() || !h.getTicket().getSig().isEmpty()) {
      problems.add(bad("genesis ticket must hold only the seed q"));
    }
    if (genesis.getTransactionsCount() == 0) {
      problems.add(bad("genesis has no transactions"));
    }
    if (!h.getMerkleRoot().equals(MerkleRoot.ofTransactions(caches.txIds(), genesis.getTransactionsList()))) {
      problems.add(Rejection.of(Reason.BAD_MERKLE_ROOT, "merkle root does not match the transactions"));
    }
    problems.addAll(BlockLimits.check(genesis, p));
    Set<ByteString> ids = new HashSet<>();
    long total = 0;
    for (int i = 0; i < genesis.getTransactionsCount(); i++) {
      TxOutcome outcome = TransactionValidator.checkGenesis(caches, genesis.getTransactions(i));
      String where = "tx " + i + ": ";
      if (!ids.add(outcome.txId())) {
        problems.add(Rejection.of(Reason.DUPLICATE_TRANSACTION, where + "appears twice in genesis"));
      }
      if (outcome instanceof TxOutcome.Invalid inv) {
        inv.problems().forEach(r -> problems.add(r.within(where)));
      } else if (outcome instanceof TxOutcome.Valid v) {
        for (Utxo u : v.created()) {
          try {
            total = Math.addExact(total, u.value());
          } catch (ArithmeticException e) {
            problems.add(Rejection.of(Reason.OVERFLOW, where + "total genesis value overflows int64"));
            return problems;
          }
        }
      }
    }
    return problems;
  }

  private static Rejection bad(String detail) {
    return Rejection.of(Reason.BAD_GENESIS, detail);
  }
}
