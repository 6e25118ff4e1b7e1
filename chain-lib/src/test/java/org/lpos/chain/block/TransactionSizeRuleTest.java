package org.lpos.chain.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lpos.chain.genesis.GenesisBuilder;
import org.lpos.chain.ledger.Reason;
import org.lpos.chain.ledger.Rejection;
import org.lpos.chain.ledger.TransactionLimits;
import org.lpos.chain.model.BlockSizes;
import org.lpos.chain.model.Utxo;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.ChainParams;
import org.lpos.proto.v1.OutputRef;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TxInput;
import org.lpos.proto.v1.TxOutput;

/**
 * The transaction size rule of PROTOCOL §3 in blocks and genesis parameters, and the exact block
 * size a proposer computes from a block's parts.
 */
class TransactionSizeRuleTest {
  private static ChainParams withMaxTransactionBytes(int maxTxBytes) {
    return ChainFixture.params(7, 0, 0).toBuilder().setMaxTransactionBytes(maxTxBytes).build();
  }

  /** A payment from {@code from} to {@code outputs} outputs of 1 each. */
  private static Transaction fanOut(ChainFixture chain, Utxo from, int outputs) {
    List<TxOutput> outs = new ArrayList<>();
    for (int i = 0; i < outputs; i++) {
      outs.add(chain.output(i % 10, 1));
    }
    return chain.signed(List.of(from), outs);
  }

  @Test
  void aBlockHoldingATransactionOverTheChainsLimitIsRejected() {
    ChainFixture chain = ChainFixture.withParams(withMaxTransactionBytes(2_000));
    Transaction large = fanOut(chain, chain.utxosOf(1).get(0), 60);
    Transaction small = fanOut(chain, chain.utxosOf(2).get(0), 20);
    assertTrue(large.getSerializedSize() > 2_000 && small.getSerializedSize() <= 2_000, "fixture sizes");
    List<Rejection> problems = chain.assertRejected(chain.next(List.of(small, large)), Reason.TRANSACTION_TOO_LARGE);
    assertTrue(problems.get(0).detail().startsWith("tx 1: "), problems.toString());
    chain.applyValid(chain.next(List.of(small)));
  }

  @Test
  void theDefaultLimitAppliesWhenTheGenesisSetsNone() {
    ChainFixture chain = ChainFixture.standard();
    assertEquals(0, chain.params.getMaxTransactionBytes(), "the shipped chains leave the field 0");
    assertEquals(TransactionLimits.DEFAULT_MAX_BYTES, TransactionLimits.maxBytes(chain.params));
    List<TxOutput> outs = new ArrayList<>();
    for (int i = 0; i < TransactionLimits.DEFAULT_MAX_BYTES / TransactionLimits.MIN_OUTPUT_BYTES; i++) {
      outs.add(chain.output(i % 10, 1));
    }
    Transaction larger = chain.signed(chain.utxosOf(1), outs);
    assertTrue(larger.getSerializedSize() > TransactionLimits.DEFAULT_MAX_BYTES, "fixture size");
    chain.assertRejected(chain.next(List.of(larger)), Reason.TRANSACTION_TOO_LARGE);
    chain.applyValid(chain.next(List.of(chain.signed(chain.utxosOf(1), outs.subList(0, 1_000)))));
  }

  @Test
  void theBlockByteLimitAlsoBoundsATransaction() {
    ChainParams params = ChainFixture.params(7, 0, 3_000);
    assertEquals(3_000, TransactionLimits.maxBytes(params));
    assertEquals(TransactionLimits.CEILING_BYTES,
        TransactionLimits.maxBytes(withMaxTransactionBytes(Integer.MAX_VALUE)), "the ceiling caps any setting");
  }

  @Test
  void aGenesisAllowingTransactionsAboveTheCeilingIsInvalid() {
    ChainParams params = withMaxTransactionBytes(TransactionLimits.CEILING_BYTES + 1);
    Block genesis = GenesisBuilder.build(params, ByteString.copyFromUtf8("q"), 1_000,
        List.of(new GenesisBuilder.Allocation(ChainFixture.standard().pub(0), 1_000)));
    GenesisOutcome.Invalid invalid = assertInstanceOf(GenesisOutcome.Invalid.class, ChainState.fromGenesis(genesis));
    assertEquals(List.of(Reason.BAD_GENESIS), invalid.problems().stream().map(Rejection::reason).toList());
  }

  @Test
  void inputAndOutputCountsAreBoundedByWhatTheSizeLimitCanHold() {
    ChainParams params = ChainFixture.params(7, 0, 0);
    Transaction.Builder emptyInputs = Transaction.newBuilder().addOutputs(ChainFixture.output(ByteString.copyFrom(new byte[32]), 1));
    for (int i = 0; i <= TransactionLimits.maxInputs(params); i++) {
      emptyInputs.addInputs(TxInput.newBuilder().setSpends(OutputRef.getDefaultInstance()));
    }
    Transaction tx = emptyInputs.build();
    assertTrue(tx.getSerializedSize() < TransactionLimits.maxBytes(params), "small in bytes");
    Optional<Rejection> refused = TransactionLimits.check(tx, params);
    assertEquals(Reason.TRANSACTION_TOO_LARGE, refused.orElseThrow().reason());
    assertTrue(refused.get().detail().contains("inputs"), refused.get().detail());
    Transaction.Builder emptyOutputs = Transaction.newBuilder();
    for (int i = 0; i <= TransactionLimits.maxOutputs(params); i++) {
      emptyOutputs.addOutputs(TxOutput.newBuilder().setValue(1));
    }
    assertTrue(TransactionLimits.check(emptyOutputs.build(), params).orElseThrow().detail().contains("outputs"));
  }

  @Test
  void theSmallestValidInputAndOutputMatchRealOnes() {
    ChainFixture chain = ChainFixture.standard();
    Transaction payment = chain.pay(chain.utxosOf(1).get(0), 3, 1);
    Transaction.Builder noOutputsBuilder = payment.toBuilder().clearOutputs();
    noOutputsBuilder.getInputsBuilder(0).getSpendsBuilder().clearIndex();
    Transaction noOutputs = noOutputsBuilder.build();
    assertEquals(TransactionLimits.MIN_INPUT_BYTES, noOutputs.getSerializedSize(),
        "a real signed input whose reference has index 0");
    Transaction noInputs = payment.toBuilder().clearInputs().build();
    assertEquals(TransactionLimits.MIN_OUTPUT_BYTES, noInputs.getSerializedSize(), "a real output of value 1");
  }

  @Test
  void blockSizeFromItsPartsIsTheEncodedSize() {
    long seed = 14;
    System.out.println("seed " + seed);
    Random random = new Random(seed);
    ChainFixture chain = ChainFixture.standard();
    for (int trial = 0; trial < 50; trial++) {
      List<Transaction> txs = new ArrayList<>();
      int count = random.nextInt(20);
      for (int i = 0; i < count; i++) {
        byte[] junk = new byte[random.nextInt(i % 3 == 0 ? 40_000 : 300)];
        random.nextBytes(junk);
        txs.add(Transaction.newBuilder().addInputs(TxInput.newBuilder().setSpends(
            OutputRef.newBuilder().setTxId(ByteString.copyFrom(junk)))).build());
      }
      Block block = chain.next(txs).getBlock();
      assertEquals(block.getSerializedSize(), BlockSizes.of(block.getHeader(), txs));
    }
  }
}
