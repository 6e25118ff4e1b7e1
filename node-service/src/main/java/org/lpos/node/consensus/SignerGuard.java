package org.lpos.node.consensus;

import com.google.protobuf.ByteString;
import java.util.Optional;
import org.lpos.node.consensus.SignerRecord.SignStep;

/**
 * Refuses any signature that could conflict with one already made: a senator signs positions
 * (height, round, step) in increasing order only, and signs a position again only for the same
 * block. Its record is persisted before signed messages leave, so this holds across restarts.
 */
final class SignerGuard {
  private SignerRecord last;

  SignerGuard(Optional<SignerRecord> restored) {
    this.last = restored.orElse(null);
  }

  /** Records and allows the signature if it is safe; returns false (and records nothing) if not. */
  boolean allow(long height, int round, SignStep step, ByteString blockHash) {
    if (last != null) {
      int c = last.comparePosition(height, round, step);
      if (c > 0 || (c == 0 && !last.blockHash().equals(blockHash))) {
        return false;
      }
    }
    last = new SignerRecord(height, round, step, blockHash);
    return true;
  }

  Optional<SignerRecord> last() {
    return Optional.ofNullable(last);
  }
}
