package org.lpos.node.store;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;
import org.lpos.proto.v1.AgreementState;

/**
 * A senator's lock, valid value and the valid value's proof-of-lock, kept durably so that a
 * restarted senator neither forgets a lock (two blocks at one height from crashes alone, the
 * "amnesia" fork) nor loses the proof the others need to accept its re-proposal (PROTOCOL §7). The
 * core emits a new state only when the lock or valid value changes, and the shell writes it before
 * the step's messages leave, like the signer record. Replaced atomically ({@link AtomicFile});
 * contents carry a CRC32C.
 */
public final class AgreementStateFile {
  private static final int MAGIC = 0x4c504153;
  private static final String NAME = "agreement.state";
  /** Larger than two blocks of the largest size a chain allows and their proofs. */
  private static final int MAX_BYTES = 256 << 20;

  private final AtomicFile file;

  /** The agreement state in {@code dir} (created if absent). */
  public AgreementStateFile(Path dir) throws IOException {
    this.file = new AtomicFile(dir, NAME);
  }

  /** The state last written; empty when the node never locked. */
  public Optional<AgreementState> read() throws IOException {
    Optional<byte[]> contents = file.read();
    if (contents.isEmpty()) {
      return Optional.empty();
    }
    byte[] bytes = contents.get();
    ByteBuffer b = ByteBuffer.wrap(bytes);
    if (bytes.length < 4 + 4 + 8 || b.getInt() != MAGIC) {
      throw new IOException(file.path() + " is not an agreement state file (damaged or from another program)");
    }
    int length = b.getInt();
    if (length < 0 || length > MAX_BYTES || b.remaining() != length + 8) {
      throw new IOException(file.path() + " is damaged (bad length)");
    }
    if (b.getLong(bytes.length - 8) != AtomicFile.checksum(bytes, bytes.length - 8)) {
      throw new IOException(file.path() + " fails its checksum: this senator's lock is unknown; refusing to start");
    }
    try {
      return Optional.of(AgreementState.parseFrom(ByteBuffer.wrap(bytes, 8, length)));
    } catch (InvalidProtocolBufferException e) {
      throw new IOException(file.path() + " is damaged: " + e.getMessage(), e);
    }
  }

  /** Replaces the state durably; returns only once it is on disk. */
  public void write(AgreementState state) throws IOException {
    byte[] payload = state.toByteArray();
    ByteBuffer b = ByteBuffer.allocate(4 + 4 + payload.length + 8);
    b.putInt(MAGIC).putInt(payload.length).put(payload);
    b.putLong(AtomicFile.checksum(b.array(), b.position()));
    b.flip();
    file.write(b);
  }
}
