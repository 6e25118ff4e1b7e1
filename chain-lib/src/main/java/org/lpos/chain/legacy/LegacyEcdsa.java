package org.lpos.chain.legacy;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.util.Optional;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The original prototype's signatures: ECDSA over NIST P-192 with SHA-1, public keys as the raw
 * 48 bytes {@code x || y} and signatures as the raw 48 bytes {@code r || s}. Verification only;
 * a malformed key or signature is a {@code false} or an empty result, never an exception, because
 * both come from files that may be damaged.
 */
public final class LegacyEcdsa {
  /** Length of one coordinate or one signature half. */
  public static final int FIELD_LENGTH = 24;

  /** Length of a public key {@code x || y}. */
  public static final int PUBLIC_KEY_LENGTH = 2 * FIELD_LENGTH;

  /** Length of a signature {@code r || s}. */
  public static final int SIGNATURE_LENGTH = 2 * FIELD_LENGTH;

  private static final X9ECParameters CURVE = ECNamedCurveTable.getByName("P-192");
  private static final ECDomainParameters DOMAIN = new ECDomainParameters(CURVE);

  private LegacyEcdsa() {}

  /** The key {@code x || y} as a curve point, or empty if it has the wrong length or is off P-192. */
  public static Optional<ECPublicKeyParameters> publicKey(ByteString encoded) {
    if (encoded.size() != PUBLIC_KEY_LENGTH) {
      return Optional.empty();
    }
    BigInteger x = new BigInteger(1, encoded.substring(0, FIELD_LENGTH).toByteArray());
    BigInteger y = new BigInteger(1, encoded.substring(FIELD_LENGTH).toByteArray());
    try {
      // validatePoint rejects coordinates outside the field and points off the curve; P-192 has
      // cofactor 1, so every point on it other than infinity has the full prime order.
      ECPoint point = CURVE.getCurve().validatePoint(x, y);
      return Optional.of(new ECPublicKeyParameters(point, DOMAIN));
    } catch (IllegalArgumentException notOnCurve) {
      return Optional.empty();
    }
  }

  /** Whether {@code encoded} is a 48-byte point on P-192. */
  public static boolean isValidPublicKey(ByteString encoded) {
    return publicKey(encoded).isPresent();
  }

  /** Whether {@code signature} ({@code r || s}) is {@code key}'s signature over {@code message}. */
  public static boolean verify(ECPublicKeyParameters key, byte[] message, ByteString signature) {
    if (signature.size() != SIGNATURE_LENGTH) {
      return false;
    }
    BigInteger r = new BigInteger(1, signature.substring(0, FIELD_LENGTH).toByteArray());
    BigInteger s = new BigInteger(1, signature.substring(FIELD_LENGTH).toByteArray());
    SHA1Digest sha1 = new SHA1Digest();
    sha1.update(message, 0, message.length);
    byte[] digest = new byte[sha1.getDigestSize()];
    sha1.doFinal(digest, 0);
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, key);
    // The signer itself rejects r or s outside [1, n-1].
    return verifier.verifySignature(digest, r, s);
  }
}
