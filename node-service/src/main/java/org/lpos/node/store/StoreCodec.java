package org.lpos.node.store;

import com.google.protobuf.ByteString;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lpos.chain.crypto.Hex;
import org.lpos.chain.lottery.StakeSnapshots;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.model.Utxo;
import org.lpos.chain.senate.OwnerStake;

/**
 * The byte layout of the chain store's keys and payloads (the CRC32C around each payload is
 * {@link ChecksummedValue}'s): heights as 8-byte big-endian keys, outputs keyed by tx id then
 * index so that key order is draw order, an output's payload as its value then its owner, the
 * head with a format number in front, and a VRF chain's stake snapshots.
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

  /** A VRF chain's stake window: its snapshots oldest first, each a height and (owner, total) pairs. */
  static byte[] encodeStake(StakeSnapshots stake) {
    int size = Integer.BYTES;
    for (OwnerStake s : stake.window()) {
      size += Long.BYTES + Integer.BYTES;
      for (ByteString owner : s.totals().keySet()) {
        size += Integer.BYTES + owner.size() + Long.BYTES;
      }
    }
    ByteBuffer b = ByteBuffer.allocate(size).putInt(stake.window().size());
    for (OwnerStake s : stake.window()) {
      b.putLong(s.height()).putInt(s.totals().size());
      s.totals().forEach((owner, value) -> b.putInt(owner.size()).put(owner.toByteArray()).putLong(value));
    }
    return b.array();
  }

  static StakeSnapshots decodeStake(byte[] payload) throws StoreCorruptedException {
    ByteBuffer b = ByteBuffer.wrap(payload);
    try {
      int count = length(b);
      List<OwnerStake> window = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        long height = b.getLong();
        int owners = length(b);
        Map<ByteString, Long> totals = new HashMap<>();
        for (int j = 0; j < owners; j++) {
          byte[] owner = new byte[length(b)];
          b.get(owner);
          totals.put(ByteString.copyFrom(owner), b.getLong());
        }
        window.add(OwnerStake.of(height, totals));
      }
      if (b.hasRemaining()) {
        throw new IllegalArgumentException(b.remaining() + " bytes left over");
      }
      return StakeSnapshots.of(window);
    } catch (BufferUnderflowException | IllegalArgumentException | ArithmeticException e) {
      throw new StoreCorruptedException("column family meta, key stake: malformed stake snapshots (" + e + ")");
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
