package org.lpos.chain.crypto;

import com.google.protobuf.ByteString;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Strict Ed25519 verification (RFC 8032) through BouncyCastle: the public key must be a canonical
 * encoding of a point of prime order (no small-order or mixed-order keys), and the signature must
 * have a canonical R and {@code S < L}, which BouncyCastle's verify enforces.
 *
 * <p>These static checks remember nothing and count nothing; a node checks chain data through
 * its own {@link SignatureVerifier}, which keeps validated keys and successful verifications.
 */
public final class Signatures {
  /** Length of an Ed25519 signature. */
  public static final int SIGNATURE_LENGTH = Ed25519.SIGNATURE_SIZE;

  /** Length of an Ed25519 public key. */
  public static final int PUBLIC_KEY_LENGTH = Ed25519.PUBLIC_KEY_SIZE;

  private Signatures() {}

  /** Whether {@code signature} is a valid signature by {@code publicKey} over {@code message}. */
  public static boolean verify(ByteString publicKey, byte[] message, ByteString signature) {
    if (publicKey.size() != PUBLIC_KEY_LENGTH || signature.size() != SIGNATURE_LENGTH) {
      return false;
    }
    Ed25519.PublicPoint point = validatedPoint(publicKey);
    return point != null && verifyPoint(point, message, signature);
  }

  /** Verifies a signature made under {@code domain} on chain {@code chainId}. */
  public static boolean verify(
      ByteString publicKey, Domain domain, String chainId, byte[] payload, ByteString signature) {
    return verify(publicKey, domain.signBytes(chainId, payload), signature);
  }

  /** Whether {@code publicKey} is an acceptable Ed25519 public key (canonical, prime order). */
  public static boolean isValidPublicKey(ByteString publicKey) {
    return publicKey.size() == PUBLIC_KEY_LENGTH && validatedPoint(publicKey) != null;
  }

  /** The point of a canonical, prime-order key of the right length; null otherwise. */
  static Ed25519.PublicPoint validatedPoint(ByteString publicKey) {
    return Ed25519.validatePublicKeyFullExport(publicKey.toByteArray(), 0);
  }

  /** The signature check itself, against a validated point. */
  static boolean verifyPoint(Ed25519.PublicPoint point, byte[] message, ByteString signature) {
    byte[] sig = signature.toByteArray();
    return Ed25519.verify(sig, 0, point, message, 0, message.length);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
  }
}
