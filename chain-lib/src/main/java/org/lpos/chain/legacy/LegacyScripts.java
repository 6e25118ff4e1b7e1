package org.lpos.chain.legacy;

import com.google.protobuf.ByteString;
import java.util.Optional;
import org.lpos.proto.v1.LegacyScript;
import org.lpos.proto.v1.LegacyScriptUnit;

/**
 * The only script shapes the prototype produced: the lock {@code [DATA(public key), CHECK_SIG]}
 * and the unlock {@code [DATA(signature)]}. Anything else is not spendable here, so it is
 * reported rather than interpreted.
 */
public final class LegacyScripts {
  private LegacyScripts() {}

  /** The public key of a standard lock, or empty if the lock has another shape. */
  public static Optional<ByteString> lockOwner(LegacyScript lock) {
    if (lock.getBodyCount() != 2
        || !isData(lock.getBody(0))
        || lock.getBody(1).getType() != LegacyScriptUnit.Type.CHECK_SIG
        || !lock.getBody(1).getData().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(lock.getBody(0).getData());
  }

  /** The signature of a standard unlock, or empty if the unlock has another shape. */
  public static Optional<ByteString> unlockSignature(LegacyScript unlock) {
    if (unlock.getBodyCount() != 1 || !isData(unlock.getBody(0))) {
      return Optional.empty();
    }
    return Optional.of(unlock.getBody(0).getData());
  }

  private static boolean isData(LegacyScriptUnit unit) {
    return unit.getType() == LegacyScriptUnit.Type.DATA;
  }
}
