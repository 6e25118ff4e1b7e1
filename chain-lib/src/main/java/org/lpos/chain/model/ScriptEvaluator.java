package org.lpos.chain.model;

import com.google.protobuf.ByteString;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.lpos.chain.crypto.SignatureVerifier;
import org.lpos.proto.v1.Script;
import org.lpos.proto.v1.ScriptOp;
import org.lpos.proto.v1.ScriptUnit;

/**
 * Runs the stack language of PROTOCOL §3: the unlock's units are pushed, then the lock's units
 * run; {@code CHECK_SIG} pops a key and then a signature and verifies the signature over the
 * transaction's sign bytes. An input is valid iff every {@code CHECK_SIG} holds and the stack ends
 * empty. An unlock may only push data (like Bitcoin's push-only rule), and scripts are bounded so
 * that evaluation cost is bounded.
 */
public final class ScriptEvaluator {
  /** Most units in one script. */
  public static final int MAX_UNITS = 16;

  /** Most bytes in one DATA unit. */
  public static final int MAX_DATA_BYTES = 128;

  private ScriptEvaluator() {}

  /**
   * Evaluates {@code unlock} against {@code lock}; empty when the input is valid, otherwise why
   * it is not. {@code CHECK_SIG} verifies through {@code signatures}.
   */
  public static Optional<String> evaluate(
      SignatureVerifier signatures, Script unlock, Script lock, byte[] signBytes) {
    if (unlock.getUnitsCount() > MAX_UNITS || lock.getUnitsCount() > MAX_UNITS) {
      return Optional.of("script longer than " + MAX_UNITS + " units");
    }
    Deque<ByteString> stack = new ArrayDeque<>();
    for (ScriptUnit unit : unlock.getUnitsList()) {
      if (unit.getOp() != ScriptOp.SCRIPT_OP_DATA) {
        return Optional.of("an unlock script may only push data");
      }
      Optional<String> failure = push(stack, unit);
      if (failure.isPresent()) {
        return failure;
      }
    }
    for (ScriptUnit unit : lock.getUnitsList()) {
      switch (unit.getOp()) {
        case SCRIPT_OP_DATA -> {
          Optional<String> failure = push(stack, unit);
          if (failure.isPresent()) {
            return failure;
          }
        }
        case SCRIPT_OP_CHECK_SIG -> {
          if (stack.size() < 2) {
            return Optional.of("CHECK_SIG needs a key and a signature on the stack");
          }
          ByteString key = stack.pop();
          ByteString signature = stack.pop();
          if (!signatures.verify(key, signBytes, signature)) {
            return Optional.of("signature does not verify");
          }
        }
        default -> {
          return Optional.of("unknown script op " + unit.getOpValue());
        }
      }
    }
    if (!stack.isEmpty()) {
      return Optional.of("stack not empty after the lock ran (" + stack.size() + " left)");
    }
    return Optional.empty();
  }

  private static Optional<String> push(Deque<ByteString> stack, ScriptUnit data) {
    if (data.getData().size() > MAX_DATA_BYTES) {
      return Optional.of("data unit longer than " + MAX_DATA_BYTES + " bytes");
    }
    stack.push(data.getData());
    return Optional.empty();
  }
}
