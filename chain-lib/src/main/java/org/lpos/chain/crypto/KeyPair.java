package org.lpos.chain.crypto;

import com.google.protobuf.ByteString;
import java.security.SecureRandom;
import java.util.Objects;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 key pair: the 32-byte secret seed and the 32-byte public key derived from it.
 * Signing is deterministic (RFC 8032), so the same key signs the same bytes identically.
 */
public final class KeyPair {
  private final byte[] seed;
  private final ByteString publicKey;

  private KeyPair(byte[] seed) {
    if (seed.length != Ed25519.SECRET_KEY_SIZE) {
      throw new IllegalArgumentException("an Ed25519 secret key is 32 bytes, got " + seed.length);
    }
    this.seed = seed.clone();
    byte[] pk = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(this.seed, 0, pk, 0);
    this.publicKey = ByteString.copyFrom(pk);
  }

  /** The key pair whose secret seed is {@code seed} (32 bytes). */
  public static KeyPair fromSeed(byte[] seed) {
    return new KeyPair(Objects.requireNonNull(seed, "seed"));
  }

  /** The key pair whose secret seed is {@code seed} (32 bytes). */
  public static KeyPair fromSeed(ByteString seed) {
    return new KeyPair(seed.toByteArray());
  }

  /** A fresh key pair from {@code random}. */
  public static KeyPair generate(SecureRandom random) {
    byte[] seed = new byte[Ed25519.SECRET_KEY_SIZE];
    Ed25519.generatePrivateKey(random, seed);
    return new KeyPair(seed);
  }

  /** The public key (32 bytes). */
  public ByteString publicKey() {
    return publicKey;
  }

  /** The secret seed (32 bytes); handle with care. */
  public ByteString secretSeed() {
    return ByteString.copyFrom(seed);
  }

  /** Signs raw bytes. Callers sign protocol data through {@link #sign(Domain, String, byte[])}. */
  public ByteString signRaw(byte[] message) {
    byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
    Ed25519.sign(seed, 0, message, 0, message.length, sig, 0);
    return ByteString.copyFrom(sig);
  }

  /** Signs {@code payload} under {@code domain} on chain {@code chainId}. */
  public ByteString sign(Domain domain, String chainId, byte[] payload) {
    return signRaw(domain.signBytes(chainId, payload));
  }

  @Override
  public String toString() {
    return "KeyPair[" + Hex.encode(publicKey) + "]";
  }
}
