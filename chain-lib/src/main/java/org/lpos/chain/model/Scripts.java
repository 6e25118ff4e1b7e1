package org.lpos.chain.model;

import com.google.protobuf.ByteString;
import java.util.Optional;
import org.lpos.proto.v1.Script;
import org.lpos.proto.v1.ScriptOp;
import org.lpos.proto.v1.ScriptUnit;

/** The standard lock and unlock scripts of PROTOCOL §3, and recognition of a standard lock. */
public final class Scripts {
  private Scripts() {}

  /** {@code [DATA(publicKey), CHECK_SIG]}: spendable by a signature of {@code publicKey}. */
  public static Script standardLock(ByteString publicKey) {
    return Script.newBuilder().addUnits(data(publicKey)).addUnits(checkSig()).build();
  }

  /** {@code [DATA(signature)]}: the unlock matching a standard lock. */
  public static Script standardUnlock(ByteString signature) {
    return Script.newBuilder().addUnits(data(signature)).build();
  }

  /** The address of a standard lock: its public key; empty if {@code lock} is not standard. */
  public static Optional<ByteString> standardOwner(Script lock) {
    if (lock.getUnitsCount() != 2) {
      return Optional.empty();
    }
    ScriptUnit key = lock.getUnits(0);
    ScriptUnit check = lock.getUnits(1);
    if (key.getOp() != ScriptOp.SCRIPT_OP_DATA
        || check.getOp() != ScriptOp.SCRIPT_OP_CHECK_SIG
        || !check.getData().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(key.getData());
  }

  /** A DATA unit. */
  public static ScriptUnit data(ByteString bytes) {
    return ScriptUnit.newBuilder().setOp(ScriptOp.SCRIPT_OP_DATA).setData(bytes).build();
  }

  /** A CHECK_SIG unit. */
  public static ScriptUnit checkSig() {
    return ScriptUnit.newBuilder().setOp(ScriptOp.SCRIPT_OP_CHECK_SIG).build();
  }
}
