package org.lpos.node.store;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;
import org.lpos.node.consensus.SignerRecord;

/**
 * The last position a senator signed, kept durably so that a restarted node never signs a
 * conflicting vote (PROTOCOL §7). It is replaced atomically ({@link AtomicFile}); contents carry a
 * CRC32C, so a damaged file is reported rather than trusted.
 */
public final class SignerStateFile {
  private static final int MAGIC = 0x4c505331;
  private static final String NAME = "signer.state";

  private final AtomicFile file;

  /** The signer state in {@code dir} (created if absent). */
  public SignerStateFile(Path dir) throws IOException {
    this.file = new AtomicFile(dir, NAME);
  }

  /** The record last written; empty when the node never signed. */
  public Optional<SignerRecord> read() throws IOException {
    Optional<byte[]> contents = file.read();
    if (contents.isEmpty()) {
      return Optional.empty();
    }
    byte[] bytes = contents.get();
    ByteBuffer b = ByteBuffer.wrap(bytes);
    if (bytes.length < 4 + 8 + 4 + 4 + 4 + 8 || b.getInt() != MAGIC) {
      throw new IOException(file.path() + " is not a signer state file (damaged or from another program)");
    }
    long height = b.getLong();
    int round = b.getInt();
    int step = b.getInt();
    int hashLength = b.getInt();
    if (step < 0 || step >= SignerRecord.SignStep.values().length || hashLength < 0 || hashLength > 64
        || b.remaining() != hashLength + 8) {
      throw new IOException(file.path() + " is damaged (bad step or length)");
    }
    // A senator signs heights from 1 and rounds from 0: any other position is not one it wrote,
    // and trusting it would let the guard allow signatures the real record forbids.
    if (height < 1 || round < 0) {
      throw new IOException(file.path() + " is damaged (height " + height + ", round " + round + ")");
    }
    byte[] hash = new byte[hashLength];
    b.get(hash);
    long crc = b.getLong();
    if (crc != AtomicFile.checksum(bytes, bytes.length - 8)) {
      throw new IOException(file.path() + " fails its checksum: the last signed position is unknown; refusing to start");
    }
    return Optional.of(new SignerRecord(height, round, SignerRecord.SignStep.values()[step], ByteString.copyFrom(hash)));
  }

  /** Replaces the record durably; returns only once it is on disk. */
  public void write(SignerRecord record) throws IOException {
    byte[] hash = record.blockHash().toByteArray();
    ByteBuffer b = ByteBuffer.allocate(4 + 8 + 4 + 4 + 4 + hash.length + 8);
    b.putInt(MAGIC).putLong(record.height()).putInt(record.round()).putInt(record.step().ordinal())
        .putInt(hash.length).put(hash);
    b.putLong(AtomicFile.checksum(b.array(), b.position()));
    b.flip();
    file.write(b);
  }
}
