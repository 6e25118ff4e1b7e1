package org.lpos.chain.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.lpos.chain.crypto.Hashes;
import org.lpos.chain.genesis.GenesisBuilder;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.chain.ledger.Reason;
import org.lpos.chain.ledger.Rejection;
import org.lpos.chain.model.MerkleRoot;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.BlockHeader;
import org.lpos.proto.v1.OutputRef;
import org.lpos.proto.v1.SeatDraw;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TxInput;

/** The genesis rules: each defect alone is refused with exactly its reason. */
class GenesisRejectionTest {
  private static final ByteString ALICE = TestMembers.derive(3, 2).get(0).keys().publicKey();
  private static final ByteString BOB = TestMembers.derive(3, 2).get(1).keys().publicKey();

  private static Block valid() {
    return GenesisBuilder.build(ChainFixture.params(4, 0, 0), Hashes.hash(ByteString.copyFromUtf8("q")), 1_000,
        List.of(new GenesisBuilder.Allocation(ALICE, 600), new GenesisBuilder.Allocation(BOB, 400)));
  }

  private static Block withHeader(Consumer<BlockHeader.Builder> change) {
    Block.Builder b = valid().toBuilder();
    change.accept(b.getHeaderBuilder());
    return b.build();
  }

  /** {@code txs} as genesis transactions, merkle root updated. */
  private static Block withTransactions(List<Transaction> txs) {
    Block.Builder b = valid().toBuilder().clearTransactions().addAllTransactions(txs);
    b.getHeaderBuilder().setMerkleRoot(MerkleRoot.ofTransactions(txs));
    return b.build();
  }

  private static void assertRefused(Block genesis, Reason... expected) {
    GenesisOutcome outcome = ChainState.fromGenesis(genesis);
    GenesisOutcome.Invalid invalid = assertInstanceOf(GenesisOutcome.Invalid.class, outcome);
    assertEquals(List.of(expected), invalid.problems().stream().map(Rejection::reason).toList(),
        () -> invalid.problems().toString());
  }

  @Test
  void validGenesisStartsTheChain() {
    ChainState state = assertInstanceOf(GenesisOutcome.Started.class, ChainState.fromGenesis(valid())).state();
    assertEquals(1_000, state.utxos().totalValue());
    assertEquals(2, state.utxos().size());
    assertEquals(0, state.tip().height());
    assertEquals(Hashes.hash(ByteString.copyFromUtf8("q")), state.tip().q());
    assertEquals(4, state.nextSenate().size());
  }

  @Test
  void noParameters() {
    assertRefused(withHeader(h -> h.clearParams().setChainId("")), Reason.BAD_GENESIS);
  }

  @Test
  void zeroSeats() {
    assertRefused(withHeader(h -> h.getParamsBuilder().setSenateSeats(0)), Reason.BAD_GENESIS);
  }

  @Test
  void unknownSeatDraw() {
    assertRefused(withHeader(h -> h.getParamsBuilder().setSeatDrawValue(7)), Reason.BAD_GENESIS);
  }

  @Test
  void unknownLottery() {
    assertRefused(withHeader(h -> h.getParamsBuilder().setLotteryValue(2)), Reason.BAD_GENESIS);
  }

  @Test
  void aVrfProofInGenesis() {
    assertRefused(withHeader(h -> h.setVrfProof(com.google.protobuf.ByteString.copyFrom(new byte[80]))),
        Reason.BAD_GENESIS);
  }

  @Test
  void aDistinctMembersChainSeatsEachMemberOnce() {
    ChainState state = assertInstanceOf(GenesisOutcome.Started.class, ChainState.fromGenesis(
        withHeader(h -> h.getParamsBuilder().setSeatDraw(SeatDraw.SEAT_DRAW_DISTINCT_MEMBERS)))).state();
    assertEquals(java.util.Set.of(ALICE, BOB), state.nextSenate().seatCounts().keySet());
    assertEquals(4, state.nextSenate().size(), "two owners, four seats: one each, then the rest as the original draws");
  }

  @Test
  void moreSeatsThanADrawCanHold() {
    assertRefused(withHeader(h -> h.getParamsBuilder().setSenateSeats(Integer.MAX_VALUE)), Reason.BAD_GENESIS);
    assertRefused(withHeader(h -> h.getParamsBuilder().setSenateSeats(GenesisRules.MAX_SENATE_SEATS + 1)),
        Reason.BAD_GENESIS);
    ChainState state = assertInstanceOf(GenesisOutcome.Started.class, ChainState.fromGenesis(
        withHeader(h -> h.getParamsBuilder().setSenateSeats(GenesisRules.MAX_SENATE_SEATS)))).state();
    assertEquals(GenesisRules.MAX_SENATE_SEATS, state.nextSenate().size());
  }

  @Test
  void invalidChainId() {
    assertRefused(withHeader(h -> h.setChainId("has space").getParamsBuilder().setChainId("has space")),
        Reason.BAD_GENESIS);
  }

  @Test
  void proposerInGenesis() {
    assertRefused(withHeader(h -> h.setProposer(ALICE)), Reason.BAD_GENESIS);
  }

  @Test
  void roundInGenesis() {
    assertRefused(withHeader(h -> h.setRound(1)), Reason.BAD_GENESIS);
  }

  @Test
  void ticketWithMoreThanTheSeed() {
    assertRefused(withHeader(h -> h.getTicketBuilder().setOwner(ALICE)), Reason.BAD_GENESIS);
    assertRefused(withHeader(h -> h.getTicketBuilder().setSig(ByteString.copyFrom(new byte[64]))),
        Reason.BAD_GENESIS);
    assertRefused(withHeader(h -> h.getTicketBuilder().setOutput(OutputRef.getDefaultInstance())),
        Reason.BAD_GENESIS);
  }

  @Test
  void noSeed() {
    assertRefused(withHeader(h -> h.getTicketBuilder().clearQ()), Reason.BAD_GENESIS);
  }

  @Test
  void noTransactions() {
    assertRefused(withTransactions(List.of()), Reason.BAD_GENESIS);
  }

  @Test
  void transactionWithAnInput() {
    Transaction tx = valid().getTransactions(0).toBuilder()
        .addInputs(TxInput.newBuilder().setSpends(OutputRef.newBuilder().setTxId(Hashes.ZERO))).build();
    assertRefused(withTransactions(List.of(tx)), Reason.BAD_GENESIS);
  }

  @Test
  void headerChainIdDiffersFromTheParameters() {
    assertRefused(withHeader(h -> h.setChainId("lpos-other")), Reason.WRONG_CHAIN);
  }

  @Test
  void nonZeroHeight() {
    assertRefused(withHeader(h -> h.setHeight(1)), Reason.WRONG_HEIGHT);
  }

  @Test
  void nonZeroPrevHash() {
    assertRefused(withHeader(h -> h.setPrevHash(Hashes.hash(ByteString.copyFromUtf8("x")))), Reason.WRONG_PREV_HASH);
  }

  @Test
  void badMerkleRoot() {
    assertRefused(withHeader(h -> h.setMerkleRoot(Hashes.ZERO)), Reason.BAD_MERKLE_ROOT);
  }

  @Test
  void duplicateTransaction() {
    Transaction tx = valid().getTransactions(0);
    assertRefused(withTransactions(List.of(tx, tx)), Reason.DUPLICATE_TRANSACTION);
  }

  @Test
  void totalValueOverflows() {
    Transaction a = allocation(ALICE, Long.MAX_VALUE);
    Transaction b = allocation(BOB, 1);
    assertRefused(withTransactions(List.of(a, b)), Reason.OVERFLOW);
  }

  @Test
  void zeroAllocation() {
    assertRefused(withTransactions(List.of(allocation(ALICE, 0))),
        Reason.NON_POSITIVE_VALUE);
  }

  @Test
  void genesisLargerThanItsOwnLimit() {
    assertRefused(withHeader(h -> h.getParamsBuilder().setMaxBlockBytes(100)), Reason.BLOCK_TOO_LARGE);
  }

  private static Transaction allocation(ByteString owner, long value) {
    return Transaction.newBuilder().addOutputs(ChainFixture.output(owner, value)).build();
  }
}
