package org.lpos.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.lpos.node.consensus.SignerRecord;
import org.lpos.proto.v1.AgreementState;

/**
 * Arbitrary contents of the signer and agreement state files ({@link AtomicFile} underneath):
 * a damaged file is an {@link IOException} that names it, never another exception, and what
 * reads writes back to the same bytes. The {@code *Checksummed} targets end the input with a
 * correct CRC32C, so the fuzzer reaches the layout checks behind the checksum.
 */
class StateFilesFuzzTest {
  private static final Path DIR = tempDir();

  @FuzzTest(maxDuration = "1m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void signerState(byte[] contents) throws IOException {
    readSigner(contents);
  }

  @FuzzTest(maxDuration = "2m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void signerStateChecksummed(byte[] body) throws IOException {
    readSigner(withChecksum(body));
  }

  @FuzzTest(maxDuration = "1m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void agreementState(byte[] contents) throws IOException {
    readAgreement(contents);
  }

  @FuzzTest(maxDuration = "3m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void agreementStateChecksummed(byte[] body) throws IOException {
    readAgreement(withChecksum(body));
  }

  private static void readSigner(byte[] contents) throws IOException {
    Path dir = DIR.resolve("signer");
    Files.createDirectories(dir);
    Files.write(dir.resolve("signer.state"), contents);
    Optional<SignerRecord> record;
    try {
      record = new SignerStateFile(dir).read();
    } catch (IOException e) {
      assertTrue(e.getMessage().contains("signer.state"), () -> "the error names the file: " + e.getMessage());
      return;
    }
    assertTrue(record.isPresent(), "a file that exists is read or refused");
    SignerRecord r = record.get();
    assertTrue(r.height() >= 1 && r.round() >= 0, () -> "a position no node signs was accepted: " + r);
    Path copy = DIR.resolve("signer-copy");
    new SignerStateFile(copy).write(r);
    assertEquals(r, new SignerStateFile(copy).read().orElseThrow());
    assertArrayEquals(contents, Files.readAllBytes(copy.resolve("signer.state")), "one encoding per record");
  }

  private static void readAgreement(byte[] contents) throws IOException {
    Path dir = DIR.resolve("agreement");
    Files.createDirectories(dir);
    Files.write(dir.resolve("agreement.state"), contents);
    Optional<AgreementState> state;
    try {
      state = new AgreementStateFile(dir).read();
    } catch (IOException e) {
      assertTrue(e.getMessage().contains("agreement.state"), () -> "the error names the file: " + e.getMessage());
      return;
    }
    assertTrue(state.isPresent(), "a file that exists is read or refused");
    Path copy = DIR.resolve("agreement-copy");
    new AgreementStateFile(copy).write(state.get());
    assertEquals(state.get(), new AgreementStateFile(copy).read().orElseThrow());
  }

  /** {@code body} followed by its CRC32C as the state files store it (8 bytes, big-endian). */
  static byte[] withChecksum(byte[] body) {
    return ByteBuffer.allocate(body.length + Long.BYTES).put(body)
        .putLong(AtomicFile.checksum(body, body.length)).array();
  }

  private static Path tempDir() {
    try {
      Path dir = Files.createTempDirectory("lpos-state-fuzz");
      dir.toFile().deleteOnExit();
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
