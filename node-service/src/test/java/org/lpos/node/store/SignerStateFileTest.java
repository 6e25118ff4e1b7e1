package org.lpos.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lpos.node.consensus.SignerRecord;
import org.lpos.node.consensus.SignerRecord.SignStep;

/** The signer state survives restarts and every crash point of a write, and damage is refused. */
class SignerStateFileTest {
  private static final SignerRecord FIRST = new SignerRecord(7, 2, SignStep.PREVOTE, ByteString.copyFrom(new byte[32]));
  private static final SignerRecord SECOND = new SignerRecord(7, 2, SignStep.PRECOMMIT, ByteString.EMPTY);

  @Test
  void anEmptyDirectoryHasNoRecordAndAWrittenRecordReadsBack(@TempDir Path dir) throws IOException {
    SignerStateFile state = new SignerStateFile(dir);
    assertEquals(Optional.empty(), state.read());
    state.write(FIRST);
    assertEquals(Optional.of(FIRST), new SignerStateFile(dir).read());
    state.write(SECOND);
    assertEquals(Optional.of(SECOND), new SignerStateFile(dir).read());
  }

  @Test
  void aCrashBeforeTheRenameLeavesThePreviousRecord(@TempDir Path dir) throws IOException {
    SignerStateFile state = new SignerStateFile(dir);
    state.write(FIRST);
    Files.write(dir.resolve("signer.state.tmp"), new byte[] {1, 2, 3});
    assertEquals(Optional.of(FIRST), new SignerStateFile(dir).read(), "a half-written temporary file is ignored");
    state.write(SECOND);
    assertEquals(Optional.of(SECOND), state.read(), "and overwritten by the next write");
  }

  @Test
  void aDamagedFileIsRefusedWithAClearError(@TempDir Path dir) throws IOException {
    SignerStateFile state = new SignerStateFile(dir);
    state.write(FIRST);
    byte[] bytes = Files.readAllBytes(dir.resolve("signer.state"));
    bytes[10] ^= 1;
    Files.write(dir.resolve("signer.state"), bytes);
    IOException e = assertThrows(IOException.class, state::read);
    assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    Files.write(dir.resolve("signer.state"), new byte[] {1, 2});
    assertThrows(IOException.class, state::read);
  }
}
