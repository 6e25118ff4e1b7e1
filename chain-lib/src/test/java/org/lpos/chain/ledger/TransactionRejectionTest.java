package org.lpos.chain.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lpos.chain.block.BlockOutcome;
import org.lpos.chain.block.ChainFixture;
import org.lpos.chain.crypto.Hashes;
import org.lpos.chain.model.ChainCaches;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.model.Scripts;
import org.lpos.chain.model.Transactions;
import org.lpos.chain.model.Utxo;
import org.lpos.proto.v1.OutputRef;
import org.lpos.proto.v1.Script;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TxInput;
import org.lpos.proto.v1.TxOutput;

/**
 * Each transaction rule of PROTOCOL §3, broken alone inside an otherwise valid certified block:
 * the block is rejected with exactly that reason and the chain state does not change.
 */
class TransactionRejectionTest {
  private ChainFixture chain;
  private Utxo big1;
  private Utxo small1;
  private Utxo big2;

  @BeforeEach
  void setUp() {
    chain = ChainFixture.standard();
    big1 = chain.utxosOf(1).stream().filter(u -> u.value() == ChainFixture.BIG_OUTPUT).findFirst().orElseThrow();
    small1 = chain.utxosOf(1).stream().filter(u -> u.value() == ChainFixture.SMALL_OUTPUT).findFirst().orElseThrow();
    big2 = chain.utxosOf(2).stream().filter(u -> u.value() == ChainFixture.BIG_OUTPUT).findFirst().orElseThrow();
  }

  private void assertTxRejected(Reason expected, Transaction... txs) {
    chain.assertRejected(chain.next(List.of(txs)), expected);
  }

  @Test
  void validPaymentIsAccepted() {
    BlockOutcome.Valid valid = chain.applyValid(chain.next(List.of(chain.pay(big1, 7, 900))));
    assertEquals(100, valid.fees());
    assertEquals(Optional.empty(), chain.state.utxos().find(big1.key()));
    assertEquals(900L, chain.state.utxos().balances().get(chain.pub(7)));
  }

  @Test
  void missingInput() {
    Utxo ghost = new Utxo(new OutputKey(Hashes.hash(ByteString.copyFromUtf8("never created")), 0), 50, chain.pub(1));
    assertTxRejected(Reason.MISSING_INPUT, chain.pay(ghost, 3, 10));
  }

  @Test
  void missingInputIndexBeyondOutputs() {
    Utxo ghost = new Utxo(new OutputKey(big1.key().txId(), 99), 50, chain.pub(1));
    assertTxRejected(Reason.MISSING_INPUT, chain.pay(ghost, 3, 10));
  }

  @Test
  void inputSpentEarlierInTheSameBlock() {
    Transaction first = chain.pay(big1, 3, 500);
    Transaction second = chain.pay(big1, 4, 500);
    assertTxRejected(Reason.SPENT_INPUT, first, second);
  }

  @Test
  void outputCreatedAndSpentInTheSameBlockIsSpentForALaterTransaction() {
    Transaction first = chain.pay(big1, 3, 900);
    Utxo created = new Utxo(new OutputKey(Transactions.id(first), 0), 900, chain.pub(3));
    Transaction second = chain.pay(created, 4, 800);
    Transaction third = chain.pay(created, 5, 800);
    assertTxRejected(Reason.SPENT_INPUT, first, second, third);
  }

  @Test
  void outputReferencedTwiceInOneTransaction() {
    Transaction tx = chain.signed(List.of(big1, big1), List.of(chain.output(3, 100)));
    assertTxRejected(Reason.DUPLICATE_INPUT, tx);
  }

  @Test
  void signatureByAnotherKey() {
    Transaction tx = Transactions.sign(ChainFixture.CHAIN_ID,
        ChainFixture.unsigned(List.of(big1), List.of(chain.output(3, 100))), List.of(chain.key(2)));
    assertTxRejected(Reason.BAD_SIGNATURE, tx);
  }

  @Test
  void signatureOverAnotherMessage() {
    Transaction signedForOther = chain.pay(big1, 3, 100);
    Transaction tx = signedForOther.toBuilder().setOutputs(0, chain.output(3, 101)).build();
    assertTxRejected(Reason.BAD_SIGNATURE, tx);
  }

  @Test
  void signatureMadeForAnotherChain() {
    Transaction tx = Transactions.sign("other-chain",
        ChainFixture.unsigned(List.of(big1), List.of(chain.output(3, 100))), List.of(chain.key(1)));
    assertTxRejected(Reason.BAD_SIGNATURE, tx);
  }

  @Test
  void onlyTheBadInputOfATwoInputTransactionIsReported() {
    Transaction tx = Transactions.sign(ChainFixture.CHAIN_ID,
        ChainFixture.unsigned(List.of(big1, big2), List.of(chain.output(3, 100))),
        List.of(chain.key(1), chain.key(1)));
    List<Rejection> problems = chain.assertRejected(chain.next(List.of(tx)), Reason.BAD_SIGNATURE);
    assertTrue(problems.get(0).detail().contains("input 1"), problems.toString());
  }

  @Test
  void missingUnlock() {
    Transaction tx = chain.pay(big1, 3, 100).toBuilder()
        .setInputs(0, TxInput.newBuilder().setSpends(big1.key().toProto())).build();
    assertTxRejected(Reason.BAD_SIGNATURE, tx);
  }

  @Test
  void outputsExceedInputs() {
    assertTxRejected(Reason.OUTPUTS_EXCEED_INPUTS, chain.pay(big1, 3, ChainFixture.BIG_OUTPUT + 1));
  }

  @Test
  void outputsExceedInputsOfTwoInputs() {
    Transaction tx = chain.signed(List.of(big1, small1),
        List.of(chain.output(3, 1_000), chain.output(4, 401)));
    assertTxRejected(Reason.OUTPUTS_EXCEED_INPUTS, tx);
  }

  @Test
  void outputsEqualToInputsAreValid() {
    Transaction tx = chain.signed(List.of(big1, small1),
        List.of(chain.output(3, 1_000), chain.output(4, 400)));
    assertEquals(0, chain.applyValid(chain.next(List.of(tx))).fees());
  }

  @Test
  void outputSumOverflows() {
    Transaction tx = chain.signed(List.of(big1),
        List.of(chain.output(3, Long.MAX_VALUE), chain.output(4, 1)));
    assertTxRejected(Reason.OVERFLOW, tx);
  }

  @Test
  void inputSumOverflows() {
    // A valid chain never holds more than int64 in total, so this rule is reached through a view.
    Utxo a = new Utxo(new OutputKey(Hashes.hash(ByteString.copyFromUtf8("a")), 0), Long.MAX_VALUE / 2 + 1, chain.pub(1));
    Utxo b = new Utxo(new OutputKey(Hashes.hash(ByteString.copyFromUtf8("b")), 0), Long.MAX_VALUE / 2 + 1, chain.pub(1));
    Map<OutputKey, Utxo> view = Map.of(a.key(), a, b.key(), b);
    Transaction tx = chain.signed(List.of(a, b), List.of(chain.output(3, 10)));
    TxOutcome outcome = TransactionValidator.check(new ChainCaches(), ChainFixture.CHAIN_ID, tx, k -> Optional.ofNullable(view.get(k)));
    assertEquals(List.of(Reason.OVERFLOW), reasons(outcome));
  }

  @Test
  void inputsJustBelowOverflowAreSummed() {
    Utxo a = new Utxo(new OutputKey(Hashes.hash(ByteString.copyFromUtf8("a")), 0), Long.MAX_VALUE / 2, chain.pub(1));
    Utxo b = new Utxo(new OutputKey(Hashes.hash(ByteString.copyFromUtf8("b")), 0), Long.MAX_VALUE / 2 + 1, chain.pub(1));
    Map<OutputKey, Utxo> view = Map.of(a.key(), a, b.key(), b);
    Transaction tx = chain.signed(List.of(a, b), List.of(chain.output(3, 10)));
    TxOutcome outcome = TransactionValidator.check(new ChainCaches(), ChainFixture.CHAIN_ID, tx, k -> Optional.ofNullable(view.get(k)));
    assertEquals(Long.MAX_VALUE - 10, assertInstanceOf(TxOutcome.Valid.class, outcome).fee());
  }

  @Test
  void zeroValueOutput() {
    Transaction tx = chain.signed(List.of(big1), List.of(chain.output(3, 500), chain.output(4, 0)));
    assertTxRejected(Reason.NON_POSITIVE_VALUE, tx);
  }

  @Test
  void negativeValueOutput() {
    Transaction tx = chain.signed(List.of(big1), List.of(chain.output(3, 500), chain.output(4, -1)));
    assertTxRejected(Reason.NON_POSITIVE_VALUE, tx);
  }

  @Test
  void negativeOutputCannotRaiseAnotherOutputAboveTheInputs() {
    Transaction tx = chain.signed(List.of(big1), List.of(chain.output(3, 1_500), chain.output(4, -600)));
    assertTxRejected(Reason.NON_POSITIVE_VALUE, tx);
  }

  @Test
  void lockWithoutCheckSig() {
    TxOutput out = TxOutput.newBuilder().setValue(100)
        .setLock(Script.newBuilder().addUnits(Scripts.data(chain.pub(3)))).build();
    assertTxRejected(Reason.NON_STANDARD_LOCK, chain.signed(List.of(big1), List.of(out)));
  }

  @Test
  void lockWithDataOnCheckSig() {
    Script lock = Script.newBuilder().addUnits(Scripts.data(chain.pub(3)))
        .addUnits(Scripts.checkSig().toBuilder().setData(ByteString.copyFromUtf8("x"))).build();
    TxOutput out = TxOutput.newBuilder().setValue(100).setLock(lock).build();
    assertTxRejected(Reason.NON_STANDARD_LOCK, chain.signed(List.of(big1), List.of(out)));
  }

  @Test
  void lockToAnInvalidKey() {
    ByteString identityPoint = ByteString.copyFrom(new byte[] {1}).concat(ByteString.copyFrom(new byte[31]));
    TxOutput shortKey = ChainFixture.output(chain.pub(3).substring(0, 31), 100);
    assertTxRejected(Reason.NON_STANDARD_LOCK, chain.signed(List.of(big1), List.of(shortKey)));
    TxOutput smallOrder = ChainFixture.output(identityPoint, 100);
    assertTxRejected(Reason.NON_STANDARD_LOCK, chain.signed(List.of(big1), List.of(smallOrder)));
  }

  @Test
  void emptyLock() {
    TxOutput out = TxOutput.newBuilder().setValue(100).build();
    assertTxRejected(Reason.NON_STANDARD_LOCK, chain.signed(List.of(big1), List.of(out)));
  }

  @Test
  void noInputs() {
    Transaction tx = Transaction.newBuilder().addOutputs(chain.output(3, 100)).build();
    assertTxRejected(Reason.NO_INPUTS, tx);
  }

  @Test
  void noOutputs() {
    assertTxRejected(Reason.NO_OUTPUTS, chain.signed(List.of(big1), List.of()));
  }

  @Test
  void inputWithoutAReference() {
    Transaction tx = chain.pay(big1, 3, 100).toBuilder()
        .addInputs(TxInput.newBuilder().setSpends(OutputRef.newBuilder().setTxId(ByteString.copyFromUtf8("short"))))
        .build();
    assertTxRejected(Reason.MALFORMED, tx);
  }

  @Test
  void everyProblemOfATransactionIsReported() {
    Transaction two = Transaction.newBuilder().addOutputs(chain.output(3, 0))
        .addOutputs(TxOutput.newBuilder().setValue(5)).build();
    chain.assertRejected(chain.next(List.of(two)),
        Reason.NO_INPUTS, Reason.NON_POSITIVE_VALUE, Reason.NON_STANDARD_LOCK);
  }

  @Test
  void genesisTransactionWithAnInputIsRejected() {
    TxOutcome outcome = TransactionValidator.checkGenesis(new ChainCaches(), chain.pay(big1, 3, 100));
    assertEquals(List.of(Reason.BAD_GENESIS), reasons(outcome));
  }

  private static List<Reason> reasons(TxOutcome outcome) {
    return assertInstanceOf(TxOutcome.Invalid.class, outcome).problems().stream().map(Rejection::reason).toList();
  }
}
