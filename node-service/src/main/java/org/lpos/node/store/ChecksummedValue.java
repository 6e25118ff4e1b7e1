package org.lpos.node.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The format of every value in the chain store: a 4-byte CRC32C, then the payload. The checksum
 * covers the column family's name and the key as well as the payload, so a value that is damaged,
 * cut short, or found under another key fails it.
 */
final class ChecksummedValue {
  private static final int CRC_BYTES = 4;

  private ChecksummedValue() {}

  /** The stored form of {@code payload} under {@code key} in {@code family}. */
  static byte[] wrap(String family, byte[] key, byte[] payload) {
    return ByteBuffer.allocate(CRC_BYTES + payload.length)
        .putInt((int) crc(family, key, payload, 0, payload.length)).put(payload).array();
  }

  /** The payload of {@code stored}; throws naming the family and key if it fails its checksum. */
  static byte[] unwrap(String family, byte[] key, String keyName, byte[] stored) throws StoreCorruptedException {
    if (stored.length < CRC_BYTES) {
      throw new StoreCorruptedException(
          "column family " + family + ", " + keyName + ": value truncated to " + stored.length + " bytes");
    }
    int expected = ByteBuffer.wrap(stored).getInt();
    int actual = (int) crc(family, key, stored, CRC_BYTES, stored.length - CRC_BYTES);
    if (expected != actual) {
      throw new StoreCorruptedException("column family " + family + ", " + keyName
          + ": checksum mismatch (value damaged or truncated)");
    }
    return Arrays.copyOfRange(stored, CRC_BYTES, stored.length);
  }

  private static long crc(String family, byte[] key, byte[] payload, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(family.getBytes(StandardCharsets.US_ASCII));
    crc.update(key);
    crc.update(payload, offset, length);
    return crc.getValue();
  }
}
