package org.lpos.chain.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lpos.chain.crypto.Hashes;
import org.lpos.chain.ledger.Reason;
import org.lpos.chain.model.Utxo;
import org.lpos.chain.senate.Senate;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.Transaction;

/**
 * The block rules of PROTOCOL §3-§4 other than certificates and tickets: each defect alone, in a
 * re-certified block, is rejected with exactly its reason and changes nothing.
 */
class BlockRejectionTest {
  private ChainFixture chain;
  private Transaction payment;

  @BeforeEach
  void setUp() {
    chain = ChainFixture.standard();
    payment = chain.pay(chain.utxosOf(1).get(0), 3, 100);
  }

  @Test
  void validBlockAdvancesTheTip() {
    CertifiedBlock block = chain.next(List.of(payment));
    chain.applyValid(block);
    assertEquals(1, chain.state.tip().height());
    assertEquals(block.getBlock().getHeader().getTicket().getQ(), chain.state.tip().q());
  }

  @Test
  void emptyBlockIsValid() {
    chain.applyValid(chain.next(List.of()));
    assertEquals(1, chain.state.tip().height());
  }

  @Test
  void wrongChainId() {
    chain.assertRejected(chain.withHeader(chain.next(List.of(payment)), h -> h.setChainId("lpos-other")),
        Reason.WRONG_CHAIN);
  }

  @Test
  void wrongPrevHash() {
    ByteString other = Hashes.hash(ByteString.copyFromUtf8("not the tip"));
    chain.assertRejected(chain.withHeader(chain.next(List.of(payment)), h -> h.setPrevHash(other)),
        Reason.WRONG_PREV_HASH);
  }

  @Test
  void heightTooHigh() {
    chain.assertRejected(chain.withHeader(chain.next(List.of(payment)), h -> h.setHeight(2)), Reason.WRONG_HEIGHT);
  }

  @Test
  void heightOfTheTip() {
    chain.assertRejected(chain.withHeader(chain.next(List.of(payment)), h -> h.setHeight(0)), Reason.WRONG_HEIGHT);
  }

  @Test
  void merkleRootOfOtherTransactions() {
    ByteString emptyRoot = Hashes.ZERO;
    chain.assertRejected(chain.withHeader(chain.next(List.of(payment)), h -> h.setMerkleRoot(emptyRoot)),
        Reason.BAD_MERKLE_ROOT);
  }

  @Test
  void transactionDroppedAfterTheMerkleRootWasComputed() {
    CertifiedBlock block = chain.next(List.of(payment));
    CertifiedBlock dropped = chain.certify(block.getBlock().toBuilder().clearTransactions().build());
    chain.assertRejected(dropped, Reason.BAD_MERKLE_ROOT);
  }

  @Test
  void timestampBeforeThePreviousBlock() {
    long before = ChainFixture.GENESIS_TIME_MS - 1;
    chain.assertRejected(chain.withHeader(chain.next(List.of(payment)), h -> h.setTimestampMs(before)),
        Reason.BAD_TIMESTAMP);
  }

  @Test
  void timestampEqualToThePreviousBlockIsAccepted() {
    long same = ChainFixture.GENESIS_TIME_MS;
    chain.applyValid(chain.withHeader(chain.next(List.of(payment)), h -> h.setTimestampMs(same)));
  }

  @Test
  void proposerWhoDoesNotOwnTheRoundsSeat() {
    Senate senate = chain.state.nextSenate();
    ByteString intruder = chain.members.stream().map(m -> m.keys().publicKey())
        .filter(k -> !k.equals(senate.proposer(0))).findFirst().orElseThrow();
    chain.assertRejected(chain.withHeader(chain.next(List.of(payment)), h -> h.setProposer(intruder)),
        Reason.BAD_PROPOSER);
  }

  @Test
  void proposerOfRoundZeroProposingInALaterRound() {
    Senate senate = chain.state.nextSenate();
    int round = firstRoundWithAnotherProposer(senate);
    chain.assertRejected(chain.withHeader(chain.next(List.of(payment)), h -> h.setRound(round)),
        Reason.BAD_PROPOSER);
  }

  @Test
  void proposerOfALaterRoundIsAccepted() {
    Senate senate = chain.state.nextSenate();
    int round = firstRoundWithAnotherProposer(senate) + senate.size();
    ByteString proposer = senate.proposer(round);
    chain.applyValid(chain.withHeader(chain.next(List.of(payment)),
        h -> h.setRound(round).setProposer(proposer)));
  }

  @Test
  void missingTicket() {
    chain.assertRejected(chain.withHeader(chain.next(List.of(payment)), h -> h.clearTicket()), Reason.BAD_TICKET);
  }

  @Test
  void chainParametersOutsideGenesis() {
    chain.assertRejected(chain.withHeader(chain.next(List.of(payment)), h -> h.setParams(chain.params)),
        Reason.MALFORMED);
  }

  @Test
  void duplicateTransaction() {
    chain.assertRejected(chain.next(List.of(payment, payment)), Reason.DUPLICATE_TRANSACTION);
  }

  @Test
  void tooManyTransactions() {
    ChainFixture limited = ChainFixture.withParams(ChainFixture.params(7, 2, 0));
    List<Transaction> three = payments(limited, 3);
    limited.assertRejected(limited.next(three), Reason.BLOCK_TOO_LARGE);
    limited.applyValid(limited.next(three.subList(0, 2)));
  }

  @Test
  void tooManyBytes() {
    int limit = 1_500;
    ChainFixture limited = ChainFixture.withParams(ChainFixture.params(7, 0, limit));
    assertTrue(limited.genesis.getSerializedSize() <= limit, "the fixture's genesis fits the limit");
    List<Transaction> txs = payments(limited, 12);
    CertifiedBlock small = limited.next(txs.subList(0, 2));
    CertifiedBlock large = limited.next(txs);
    assertTrue(small.getBlock().getSerializedSize() <= limit);
    assertTrue(large.getBlock().getSerializedSize() > limit);
    limited.assertRejected(large, Reason.BLOCK_TOO_LARGE);
    limited.applyValid(small);
  }

  @Test
  void tooManyTransactionsAndBytesAreBothReported() {
    ChainFixture limited = ChainFixture.withParams(ChainFixture.params(7, 1, 1_000));
    limited.assertRejected(limited.next(payments(limited, 8)), Reason.BLOCK_TOO_LARGE, Reason.BLOCK_TOO_LARGE);
  }

  @Test
  void rejectedBlockDoesNotChangeTheNextSenate() {
    Senate before = chain.state.nextSenate();
    chain.assertRejected(chain.next(List.of(payment, payment)), Reason.DUPLICATE_TRANSACTION);
    assertEquals(before, chain.state.nextSenate());
  }

  private static int firstRoundWithAnotherProposer(Senate senate) {
    for (int r = 1; r < senate.size(); r++) {
      if (!senate.proposer(r).equals(senate.proposer(0))) {
        return r;
      }
    }
    throw new AssertionError("the fixture's senate has a single owner: " + senate);
  }

  /** {@code n} independent payments, each spending a different output. */
  private static List<Transaction> payments(ChainFixture chain, int n) {
    List<Utxo> all = chain.allUtxos();
    assertTrue(all.size() >= n, "enough outputs for " + n + " payments");
    List<Transaction> txs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      txs.add(chain.pay(all.get(i), 8, 10 + i));
    }
    return txs;
  }

  @Test
  void senateHasSeveralOwners() {
    assertNotEquals(1, chain.state.nextSenate().senators().size(), "fixture precondition");
  }
}
