package org.lpos.chain.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.lpos.chain.genesis.TestMembers;

/** Strict Ed25519 (PROTOCOL §2): small-order keys, non-canonical scalars and bad lengths fail. */
class SignaturesTest {
  /** The order of the Ed25519 base point, 2^252 + 27742317777372353535851937790883648493. */
  private static final BigInteger L =
      BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

  private static final KeyPair KEY = TestMembers.derive(6, 1).get(0).keys();
  private static final byte[] MESSAGE = "message".getBytes(StandardCharsets.US_ASCII);

  /** The identity point: y = 1, x = 0, encoded little-endian. */
  private static ByteString identityPoint() {
    byte[] b = new byte[32];
    b[0] = 1;
    return ByteString.copyFrom(b);
  }

  /** The point of order 2: y = p - 1 = 2^255 - 20, x = 0. */
  private static ByteString orderTwoPoint() {
    byte[] b = new byte[32];
    b[0] = (byte) 0xec;
    for (int i = 1; i < 31; i++) {
      b[i] = (byte) 0xff;
    }
    b[31] = 0x7f;
    return ByteString.copyFrom(b);
  }

  @Test
  void validSignatureVerifies() {
    assertTrue(Signatures.verify(KEY.publicKey(), MESSAGE, KEY.signRaw(MESSAGE)));
    assertTrue(Signatures.isValidPublicKey(KEY.publicKey()));
  }

  @Test
  void signingIsDeterministic() {
    assertEquals(KEY.signRaw(MESSAGE), KEY.signRaw(MESSAGE));
    assertEquals(KEY.publicKey(), KeyPair.fromSeed(KEY.secretSeed()).publicKey());
  }

  @Test
  void smallOrderKeysAreRefused() {
    assertFalse(Signatures.isValidPublicKey(identityPoint()));
    assertFalse(Signatures.isValidPublicKey(orderTwoPoint()));
  }

  @Test
  void identityKeyDoesNotAcceptTheTrivialSignature() {
    // With A = identity, R = identity and S = 0 satisfy [S]B = R + [k]A for every message, so a
    // lax verifier accepts this "signature" of anything.
    ByteString trivial = identityPoint().concat(ByteString.copyFrom(new byte[32]));
    assertFalse(Signatures.verify(identityPoint(), MESSAGE, trivial));
    assertFalse(Signatures.verify(identityPoint(), "other".getBytes(StandardCharsets.US_ASCII), trivial));
  }

  @Test
  void scalarAtLeastLIsRefused() {
    ByteString sig = KEY.signRaw(MESSAGE);
    byte[] bytes = sig.toByteArray();
    BigInteger s = littleEndian(bytes, 32);
    assertTrue(s.compareTo(L) < 0);
    byte[] malleated = bytes.clone();
    writeLittleEndian(s.add(L), malleated, 32);
    assertFalse(Signatures.verify(KEY.publicKey(), MESSAGE, ByteString.copyFrom(malleated)));
  }

  @Test
  void wrongLengthsAreRefused() {
    ByteString sig = KEY.signRaw(MESSAGE);
    assertFalse(Signatures.verify(KEY.publicKey().substring(0, 31), MESSAGE, sig));
    assertFalse(Signatures.verify(KEY.publicKey(), MESSAGE, sig.substring(0, 63)));
    assertFalse(Signatures.verify(KEY.publicKey(), MESSAGE, sig.concat(ByteString.copyFrom(new byte[1]))));
  }

  @Test
  void anyFlippedBitFails() {
    byte[] sig = KEY.signRaw(MESSAGE).toByteArray();
    for (int bit = 0; bit < sig.length * 8; bit += 7) {
      byte[] bad = sig.clone();
      bad[bit / 8] ^= (byte) (1 << (bit % 8));
      assertFalse(Signatures.verify(KEY.publicKey(), MESSAGE, ByteString.copyFrom(bad)), "bit " + bit);
    }
  }

  @Test
  void signatureOfAnotherKeyFails() {
    KeyPair other = TestMembers.derive(6, 2).get(1).keys();
    assertFalse(Signatures.verify(other.publicKey(), MESSAGE, KEY.signRaw(MESSAGE)));
  }

  private static BigInteger littleEndian(byte[] bytes, int offset) {
    byte[] be = new byte[32];
    for (int i = 0; i < 32; i++) {
      be[31 - i] = bytes[offset + i];
    }
    return new BigInteger(1, be);
  }

  private static void writeLittleEndian(BigInteger value, byte[] out, int offset) {
    byte[] be = value.toByteArray();
    for (int i = 0; i < 32; i++) {
      int from = be.length - 1 - i;
      out[offset + i] = from >= 0 ? be[from] : 0;
    }
  }

  /**
   * Simulations of a sweep run on several threads and share the remembered verifications: threads
   * checking good and forged signatures of the same keys at once each get the right answer, and a
   * forged one is never remembered as good.
   */
  @Test
  void threadsSharingTheRememberedVerificationsEachGetTheRightAnswer() throws Exception {
    List<KeyPair> keys = TestMembers.derive(8, 4).stream().map(m -> m.keys()).toList();
    List<byte[]> messages = new ArrayList<>();
    List<ByteString> signatures = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      byte[] m = ("message " + i).getBytes(StandardCharsets.US_ASCII);
      messages.add(m);
      signatures.add(keys.get(i % keys.size()).signRaw(m));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> wrong = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int offset = t;
        wrong.add(pool.submit(() -> {
          int errors = 0;
          for (int round = 0; round < 5; round++) {
            for (int k = 0; k < messages.size(); k++) {
              int i = (k + offset * 16) % messages.size();
              ByteString key = keys.get(i % keys.size()).publicKey();
              ByteString good = signatures.get(i);
              byte[] forged = good.toByteArray();
              forged[0] ^= 1;
              errors += Signatures.verify(key, messages.get(i), good) ? 0 : 1;
              errors += Signatures.verify(key, messages.get(i), ByteString.copyFrom(forged)) ? 1 : 0;
              errors += Signatures.verify(key, messages.get((i + 1) % messages.size()), good) ? 1 : 0;
            }
          }
          return errors;
        }));
      }
      for (Future<Integer> f : wrong) {
        assertEquals(0, f.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
