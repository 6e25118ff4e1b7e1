package org.lpos.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;
import org.lpos.node.consensus.SignerRecord.SignStep;
import org.lpos.node.store.SignerStateFile;

/**
 * A crash at every point of a signer-state write (PROTOCOL §7): before it, while the temporary
 * file is half written, after the temporary file is complete but before the rename, after the
 * rename, after the directory sync. The node restarted from what is on disk refuses to sign
 * anything that conflicts with a signature that may have left, because a signed message leaves
 * only after its write returned: the record on disk is always at or after the last one sent.
 */
class SignerCrashPointTest {
  private static final ByteString BLOCK_A = ByteString.copyFrom(filled(0xa));
  private static final ByteString BLOCK_B = ByteString.copyFrom(filled(0xb));
  /** Signed and sent before the write under test. */
  private static final SignerRecord SENT = new SignerRecord(9, 1, SignStep.PREVOTE, BLOCK_A);
  /** Being written when the crash comes; its message has not left. */
  private static final SignerRecord WRITING = new SignerRecord(9, 1, SignStep.PRECOMMIT, BLOCK_A);

  /** Where the write was when the process died. */
  enum CrashPoint {
    BEFORE_THE_WRITE,
    TEMPORARY_FILE_HALF_WRITTEN,
    TEMPORARY_FILE_COMPLETE,
    AFTER_THE_RENAME,
    AFTER_THE_DIRECTORY_SYNC
  }

  @ParameterizedTest
  @EnumSource(CrashPoint.class)
  void aRestartedSignerRefusesEveryConflictWithWhatMayHaveLeft(CrashPoint crash, @TempDir Path dir,
      @TempDir Path scratch) throws IOException {
    new SignerStateFile(dir).write(SENT);
    byte[] next = recordBytes(scratch, WRITING);
    Path tmp = dir.resolve("signer.state.tmp");
    switch (crash) {
      case BEFORE_THE_WRITE -> { }
      case TEMPORARY_FILE_HALF_WRITTEN -> Files.write(tmp, Arrays.copyOf(next, next.length / 2));
      case TEMPORARY_FILE_COMPLETE -> Files.write(tmp, next);
      case AFTER_THE_RENAME, AFTER_THE_DIRECTORY_SYNC -> new SignerStateFile(dir).write(WRITING);
    }

    Optional<SignerRecord> onDisk = new SignerStateFile(dir).read();
    boolean writeReturned = crash == CrashPoint.AFTER_THE_RENAME || crash == CrashPoint.AFTER_THE_DIRECTORY_SYNC;
    assertEquals(Optional.of(writeReturned ? WRITING : SENT), onDisk);

    SignerGuard guard = new SignerGuard(onDisk);
    assertFalse(guard.allow(9, 1, SignStep.PREVOTE, BLOCK_B), "a prevote for another block where one was sent");
    assertFalse(guard.allow(9, 1, SignStep.PREVOTE, ByteString.EMPTY), "a nil prevote where one for A was sent");
    assertFalse(guard.allow(9, 0, SignStep.PRECOMMIT, BLOCK_B), "anything in an earlier round");
    assertFalse(guard.allow(8, 5, SignStep.PROPOSAL, BLOCK_B), "anything at an earlier height");
    if (!writeReturned) {
      // The precommit never left, so signing it again (for any block) conflicts with nothing sent.
      assertTrue(new SignerGuard(onDisk).allow(9, 1, SignStep.PRECOMMIT, BLOCK_B));
    } else {
      assertFalse(guard.allow(9, 1, SignStep.PRECOMMIT, BLOCK_B), "a precommit for another block");
    }
  }

  private static byte[] recordBytes(Path scratch, SignerRecord record) throws IOException {
    new SignerStateFile(scratch).write(record);
    return Files.readAllBytes(scratch.resolve("signer.state"));
  }

  private static byte[] filled(int value) {
    byte[] b = new byte[32];
    Arrays.fill(b, (byte) value);
    return b;
  }
}
