package org.lpos.chain.crypto;

import com.google.protobuf.ByteString;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Strict Ed25519 verification (RFC 8032) through BouncyCastle: the public key must be a canonical
 * encoding of a point of prime order (no small-order or mixed-order keys), and the signature must
 * have a canonical R and {@code S < L}, which BouncyCastle's verify enforces.
 *
 * <p>Validating a key fully costs about as much as a verification, and stakeholders' keys repeat
 * from transaction to transaction, so validated points are kept in a bounded cache.
 */
public final class Signatures {
  /** Length of an Ed25519 signature. */
  public static final int SIGNATURE_LENGTH = Ed25519.SIGNATURE_SIZE;

  /** Length of an Ed25519 public key. */
  public static final int PUBLIC_KEY_LENGTH = Ed25519.PUBLIC_KEY_SIZE;

  private static final int KEY_CACHE_LIMIT = 1 << 16;
  private static final Map<ByteString, Ed25519.PublicPoint> KEY_CACHE = new ConcurrentHashMap<>();

  private Signatures() {}

  /** Whether {@code signature} is a valid signature by {@code publicKey} over {@code message}. */
  public static boolean verify(ByteString publicKey, byte[] message, ByteString signature) {
    if (publicKey.size() != PUBLIC_KEY_LENGTH || signature.size() != SIGNATURE_LENGTH) {
      return false;
    }
    Ed25519.PublicPoint point = validatedPoint(publicKey);
    if (point == null) {
      return false;
    }
    byte[] sig = signature.toByteArray();
    return Ed25519.verify(sig, 0, point, message, 0, message.length);
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

  /**
   * Drops an eighth of the cache (in the map's arbitrary order). Clearing it whole would make a
   * working set just above the limit miss on nearly every look-up.
   */
  private static void evictSome() {
    Iterator<ByteString> keys = KEY_CACHE.keySet().iterator();
    for (int i = 0; i < KEY_CACHE_LIMIT / 8 && keys.hasNext(); i++) {
      keys.next();
      keys.remove();
    }
  }

  private static Ed25519.PublicPoint validatedPoint(ByteString publicKey) {
    Ed25519.PublicPoint cached = KEY_CACHE.get(publicKey);
    if (cached != null) {
      return cached;
    }
    Ed25519.PublicPoint point = Ed25519.validatePublicKeyFullExport(publicKey.toByteArray(), 0);
    if (point != null) {
      if (KEY_CACHE.size() >= KEY_CACHE_LIMIT) {
        evictSome();
      }
      KEY_CACHE.put(publicKey, point);
    }
    return point;
  }
}
