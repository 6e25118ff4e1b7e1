package org.lpos.chain.ledger;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.util.Optional;
import org.lpos.chain.model.Scripts;
import org.lpos.proto.v1.ChainParams;
import org.lpos.proto.v1.OutputRef;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TxInput;
import org.lpos.proto.v1.TxOutput;

/**
 * The size rule of a transaction (PROTOCOL §3): its serialized bytes, and therefore its input and
 * output counts, are bounded by the chain. The limit is {@code ChainParams.max_transaction_bytes},
 * or {@value #DEFAULT_MAX_BYTES} when the genesis leaves it 0 (the shipped chains do, so their
 * genesis hashes did not change when the field was added), never above {@value #CEILING_BYTES}
 * and never above the chain's block byte limit.
 *
 * <p>Why these numbers: 64 KiB holds a payment to ~1,300 outputs or from ~590 inputs, and a
 * 4 MiB block still holds 64 transactions of the largest size. The ceiling keeps one transaction
 * well inside one peer frame (1 MiB in the node), so a batch can always be split between
 * transactions. A transaction with more inputs (outputs) than the limit holds inputs (outputs) of
 * the smallest valid encoding must hold a malformed one; counting first refuses it before any
 * per-input work, and bounds the problems a validator reports.
 */
public final class TransactionLimits {
  /** The limit of a chain whose genesis does not set one: 64 KiB. */
  public static final int DEFAULT_MAX_BYTES = 65_536;
  /** No chain may allow larger transactions: 512 KiB. */
  public static final int CEILING_BYTES = 524_288;
  /**
   * Encoded bytes of the smallest input that can be valid, within its transaction: a 32-byte
   * output reference and an unlock holding one 64-byte signature.
   */
  public static final int MIN_INPUT_BYTES = CodedOutputStream.computeMessageSize(
      Transaction.INPUTS_FIELD_NUMBER, TxInput.newBuilder()
          .setSpends(OutputRef.newBuilder().setTxId(ByteString.copyFrom(new byte[32])))
          .setUnlock(Scripts.standardUnlock(ByteString.copyFrom(new byte[64])))
          .build());
  /** Encoded bytes of the smallest output that can be valid: value 1 under a standard lock. */
  public static final int MIN_OUTPUT_BYTES = CodedOutputStream.computeMessageSize(
      Transaction.OUTPUTS_FIELD_NUMBER, TxOutput.newBuilder()
          .setValue(1).setLock(Scripts.standardLock(ByteString.copyFrom(new byte[32]))).build());

  private TransactionLimits() {}

  /** Serialized bytes one transaction of the chain of {@code params} may have at most. */
  public static int maxBytes(ChainParams params) {
    int declared = params.getMaxTransactionBytes() == 0 ? DEFAULT_MAX_BYTES : params.getMaxTransactionBytes();
    int limit = Math.min(declared, CEILING_BYTES);
    return params.getMaxBlockBytes() == 0 ? limit : Math.min(limit, params.getMaxBlockBytes());
  }

  /** Inputs one transaction may have at most: as many as the smallest valid ones fit the limit. */
  public static int maxInputs(ChainParams params) {
    return maxBytes(params) / MIN_INPUT_BYTES;
  }

  /** Outputs one transaction may have at most: as many as the smallest valid ones fit the limit. */
  public static int maxOutputs(ChainParams params) {
    return maxBytes(params) / MIN_OUTPUT_BYTES;
  }

  /** Why {@code tx} breaks the size rule of the chain of {@code params}, if it does. */
  public static Optional<Rejection> check(Transaction tx, ChainParams params) {
    int max = maxBytes(params);
    if (tx.getSerializedSize() > max) {
      return Optional.of(Rejection.of(Reason.TRANSACTION_TOO_LARGE, "%d bytes, limit %d",
          tx.getSerializedSize(), max));
    }
    if (tx.getInputsCount() > maxInputs(params)) {
      return Optional.of(Rejection.of(Reason.TRANSACTION_TOO_LARGE, "%d inputs, at most %d valid ones fit in %d bytes",
          tx.getInputsCount(), maxInputs(params), max));
    }
    if (tx.getOutputsCount() > maxOutputs(params)) {
      return Optional.of(Rejection.of(Reason.TRANSACTION_TOO_LARGE,
          "%d outputs, at most %d valid ones fit in %d bytes", tx.getOutputsCount(), maxOutputs(params), max));
    }
    return Optional.empty();
  }
}
