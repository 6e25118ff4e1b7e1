package org.lpos.node.store;

import com.google.protobuf.ByteString;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import org.lpos.chain.crypto.Hex;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.model.Utxo;

/**
 * The byte layout of the chain store's keys and payloads (the CRC32C around each payload is
 * {@link ChecksummedValue}'s): heights as 8-byte big-endian keys, outputs keyed by tx id then
 * index so that key order is draw order, an output's payload as its value then its owner, and the
 * head with a format number in front.
 */
final class StoreCodec {
  static final int FORMAT = 1;

  /** The last stored block and the size of the UTXO set after it. */
  record Head(long height, ByteString hash, long timestampMs, ByteString q, long utxoCount) {}

  private StoreCodec() {}

  static Utxo decodeUtxo(byte[] key, byte[] stored) throws StoreCorruptedException {
    String keyName = "output " + (key.length > Integer.BYTES
        ? Hex.shortForm(ByteString.copyFrom(key, 0, key.length - Integer.BYTES)) : "?");
    byte[] payload = ChecksummedValue.unwrap(ChainStore.UTXOS, key, keyName, stored);
    if (key.length <= Integer.BYTES || payload.length <= Long.BYTES) {
      throw new StoreCorruptedException("column family utxos, " + keyName + ": malformed key or value");
    }
    int index = ByteBuffer.wrap(key, key.length - Integer.BYTES, Integer.BYTES).getInt();
    long value = ByteBuffer.wrap(payload).getLong();
    if (index < 0 || value <= 0) {
      throw new StoreCorruptedException("column family utxos, " + keyName + ": index " + index + ", value " + value);
    }
    return new Utxo(new OutputKey(ByteString.copyFrom(key, 0, key.length - Integer.BYTES), index), value,
        ByteString.copyFrom(payload, Long.BYTES, payload.length - Long.BYTES));
  }

  static byte[] heightKey(long height) {
    return ByteBuffer.allocate(Long.BYTES).putLong(height).array();
  }

  /** Tx id then index, big-endian: the byte order of keys is the draw order of outputs. */
  static byte[] utxoKey(OutputKey key) {
    byte[] id = key.txId().toByteArray();
    return ByteBuffer.allocate(id.length + Integer.BYTES).put(id).putInt(key.index()).array();
  }

  static byte[] encodeHead(Head h) {
    byte[] hash = h.hash().toByteArray();
    byte[] q = h.q().toByteArray();
    return ByteBuffer.allocate(4 + 8 + 8 + 8 + 4 + hash.length + 4 + q.length)
        .putInt(FORMAT).putLong(h.height()).putLong(h.timestampMs()).putLong(h.utxoCount())
        .putInt(hash.length).put(hash).putInt(q.length).put(q).array();
  }

  static Head decodeHead(byte[] payload) throws StoreCorruptedException {
    ByteBuffer b = ByteBuffer.wrap(payload);
    try {
      int format = b.getInt();
      if (format != FORMAT) {
        throw new StoreCorruptedException("column family meta, key head: store format " + format
            + ", this node reads format " + FORMAT);
      }
      long height = b.getLong();
      long timestamp = b.getLong();
      long count = b.getLong();
      byte[] hash = new byte[length(b)];
      b.get(hash);
      byte[] q = new byte[length(b)];
      b.get(q);
      if (b.hasRemaining() || height < 0 || count < 0) {
        throw new StoreCorruptedException("column family meta, key head: malformed head");
      }
      return new Head(height, ByteString.copyFrom(hash), timestamp, ByteString.copyFrom(q), count);
    } catch (BufferUnderflowException | IllegalArgumentException | NegativeArraySizeException e) {
      throw new StoreCorruptedException("column family meta, key head: malformed head (" + e + ")");
    }
  }

  /**
   * A length prefix that fits in what is left: checked before the array is made, since a
   * damaged prefix of up to 2^31-1 would otherwise end in an OutOfMemoryError, not a corruption
   * report (found by StoreCodecFuzzTest).
   */
  private static int length(ByteBuffer b) {
    int length = b.getInt();
    if (length < 0 || length > b.remaining()) {
      throw new IllegalArgumentException("length " + length + " with " + b.remaining() + " bytes left");
    }
    return length;
  }
}
