package org.lpos.chain.crypto;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The protocol's hash {@code H(x) = SHA-256(SHA-256(x))} (PROTOCOL §2), computed with the JDK's
 * digest, which uses the CPU's SHA extensions where present and is several times faster than a
 * pure-Java implementation.
 */
public final class Hashes {
  /** Length in bytes of every hash. */
  public static final int LENGTH = 32;

  /** 32 zero bytes: the genesis block's previous hash and the merkle root of no transactions. */
  public static final ByteString ZERO = ByteString.copyFrom(new byte[LENGTH]);

  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Hashes::newSha256);

  private Hashes() {}

  /** {@code SHA-256(SHA-256(data))}. */
  public static byte[] doubleSha256(byte[] data) {
    MessageDigest digest = SHA256.get();
    byte[] first = digest.digest(data);
    return digest.digest(first);
  }

  /** {@code H(data)} as a ByteString. */
  public static ByteString hash(byte[] data) {
    return ByteString.copyFrom(doubleSha256(data));
  }

  /** {@code H(data)} as a ByteString. */
  public static ByteString hash(ByteString data) {
    return hash(data.toByteArray());
  }

  /** {@code H(left || right)}, one step of a merkle tree. */
  public static ByteString hashPair(ByteString left, ByteString right) {
    return hash(left.concat(right).toByteArray());
  }

  /** {@code H(serialize(message))} with protobuf's deterministic serialization. */
  public static ByteString hashOf(MessageLite message) {
    return hash(message.toByteArray());
  }

  /** Single SHA-256, for formats that need it (the original's SHA-1 signatures do not use it). */
  public static byte[] sha256(byte[] data) {
    return SHA256.get().digest(data);
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
  }
}
