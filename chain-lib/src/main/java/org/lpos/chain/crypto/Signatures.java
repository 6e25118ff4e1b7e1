package org.lpos.chain.crypto;

import com.google.protobuf.ByteString;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Strict Ed25519 verification (RFC 8032) through BouncyCastle: the public key must be a canonical
 * encoding of a point of prime order (no small-order or mixed-order keys), and the signature must
 * have a canonical R and {@code S < L}, which BouncyCastle's verify enforces.
 *
 * <p>Validating a key fully costs about as much as a verification, and stakeholders' keys repeat
 * from transaction to transaction, so validated points are kept in a bounded cache. Successful
 * verifications are remembered too (by a SHA-256 of key, signature and message), so a
 * transaction checked when it enters the pool is not verified again when its block is validated,
 * and nodes simulated in one process verify each signature once.
 */
public final class Signatures {
  /** Length of an Ed25519 signature. */
  public static final int SIGNATURE_LENGTH = Ed25519.SIGNATURE_SIZE;

  /** Length of an Ed25519 public key. */
  public static final int PUBLIC_KEY_LENGTH = Ed25519.PUBLIC_KEY_SIZE;

  private static final int KEY_CACHE_LIMIT = 1 << 16;
  private static final Map<ByteString, Ed25519.PublicPoint> KEY_CACHE = new ConcurrentHashMap<>();
  /** 2^18 remembered verifications: at 4,000 a second, one lasts about a minute. */
  private static final VerifiedDigests VERIFIED = new VerifiedDigests(18);
  private static final AtomicLong PERFORMED = new AtomicLong();
  private static final ThreadLocal<MessageDigest> MEMO_DIGEST = ThreadLocal.withInitial(Signatures::sha256);

  private Signatures() {}

  /** Whether {@code signature} is a valid signature by {@code publicKey} over {@code message}. */
  public static boolean verify(ByteString publicKey, byte[] message, ByteString signature) {
    if (publicKey.size() != PUBLIC_KEY_LENGTH || signature.size() != SIGNATURE_LENGTH) {
      return false;
    }
    byte[] memo = memoKey(publicKey, message, signature);
    if (VERIFIED.contains(memo)) {
      return true;
    }
    boolean ok = verifyUncached(publicKey, message, signature);
    if (ok) {
      VERIFIED.add(memo);
    }
    return ok;
  }

  /** The strict verification itself, without consulting or filling the remembered results. */
  public static boolean verifyUncached(ByteString publicKey, byte[] message, ByteString signature) {
    if (publicKey.size() != PUBLIC_KEY_LENGTH || signature.size() != SIGNATURE_LENGTH) {
      return false;
    }
    Ed25519.PublicPoint point = validatedPoint(publicKey);
    if (point == null) {
      return false;
    }
    PERFORMED.incrementAndGet();
    byte[] sig = signature.toByteArray();
    return Ed25519.verify(sig, 0, point, message, 0, message.length);
  }

  /** Forgets remembered verifications, e.g. to measure cold block validation. */
  public static void forgetVerified() {
    VERIFIED.clear();
  }

  /** Ed25519 verifications actually computed by this process (remembered results excluded). */
  public static long verificationsPerformed() {
    return PERFORMED.get();
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
  private static void evictSome(Iterator<ByteString> entries, int limit) {
    for (int i = 0; i < limit / 8 && entries.hasNext(); i++) {
      entries.next();
      entries.remove();
    }
  }

  private static byte[] memoKey(ByteString publicKey, byte[] message, ByteString signature) {
    MessageDigest sha = MEMO_DIGEST.get();
    sha.update(publicKey.toByteArray());
    sha.update(signature.toByteArray());
    sha.update(message);
    return sha.digest();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
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
        evictSome(KEY_CACHE.keySet().iterator(), KEY_CACHE_LIMIT);
      }
      KEY_CACHE.put(publicKey, point);
    }
    return point;
  }
}
