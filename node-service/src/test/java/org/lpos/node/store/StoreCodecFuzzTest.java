package org.lpos.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.lpos.chain.model.Utxo;

/**
 * Arbitrary bytes given to the chain store's decoders: the head record and an unspent output
 * (key and value). The only rejection is {@link StoreCorruptedException}; what decodes encodes
 * back to the same bytes. The {@code *Checksummed} targets wrap the input in a correct CRC32C
 * first, so the fuzzer reaches the layout checks behind the checksum.
 */
class StoreCodecFuzzTest {
  @FuzzTest(maxDuration = "2m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void head(byte[] payload) {
    StoreCodec.Head head;
    try {
      head = StoreCodec.decodeHead(payload);
    } catch (StoreCorruptedException e) {
      return;
    }
    assertArrayEquals(payload, StoreCodec.encodeHead(head), "the head layout has one encoding");
  }

  @FuzzTest(maxDuration = "2m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void utxoChecksummed(byte[] input) {
    if (input.length == 0) {
      return;
    }
    int keyLength = Math.min(input[0] & 0x3f, input.length - 1);
    byte[] key = Arrays.copyOfRange(input, 1, 1 + keyLength);
    byte[] payload = Arrays.copyOfRange(input, 1 + keyLength, input.length);
    decodeUtxo(key, ChecksummedValue.wrap(ChainStore.UTXOS, key, payload), payload);
  }

  @FuzzTest(maxDuration = "1m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void utxo(byte[] input) {
    if (input.length == 0) {
      return;
    }
    int keyLength = Math.min(input[0] & 0x3f, input.length - 1);
    byte[] key = Arrays.copyOfRange(input, 1, 1 + keyLength);
    byte[] stored = Arrays.copyOfRange(input, 1 + keyLength, input.length);
    decodeUtxo(key, stored, null);
  }

  private static void decodeUtxo(byte[] key, byte[] stored, byte[] payload) {
    Utxo utxo;
    try {
      utxo = StoreCodec.decodeUtxo(key, stored);
    } catch (StoreCorruptedException e) {
      return;
    }
    assertArrayEquals(key, StoreCodec.utxoKey(utxo.key()), "the key encodes back");
    if (payload != null) {
      byte[] owner = utxo.owner().toByteArray();
      assertArrayEquals(payload,
          ByteBuffer.allocate(Long.BYTES + owner.length).putLong(utxo.value()).put(owner).array());
    }
    assertEquals(stored.length, ChecksummedValue.wrap(ChainStore.UTXOS, key, payloadOf(utxo)).length);
  }

  private static byte[] payloadOf(Utxo utxo) {
    byte[] owner = utxo.owner().toByteArray();
    return ByteBuffer.allocate(Long.BYTES + owner.length).putLong(utxo.value()).put(owner).array();
  }
}
