package org.lpos.chain.crypto;

import com.google.protobuf.ByteString;
import java.security.MessageDigest;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The strict Ed25519 check of {@link Signatures}, with what one node remembers between checks: the
 * public keys it validated and the verifications that succeeded, and how many verifications it
 * computed. Each node (or each simulation) owns one and passes it to the rules that verify, so two
 * nodes in one process share nothing and each counts its own work.
 *
 * <p>Validating a key fully costs about as much as a verification, and stakeholders' keys repeat
 * from transaction to transaction, so validated points are kept in a bounded map. Successful
 * verifications are remembered by a SHA-256 of key, signature and message, so a transaction
 * checked when it enters the pool is not verified again when its block is validated.
 */
public final class SignatureVerifier {
  /** 2^18 remembered verifications: at 4,000 a second, one lasts about a minute. */
  private static final int LOG2_REMEMBERED = 18;
  private static final int KEY_CACHE_LIMIT = 1 << 16;
  /** Scratch digests, one per thread; they hold no state between calls. */
  private static final ThreadLocal<MessageDigest> MEMO_DIGEST = ThreadLocal.withInitial(Signatures::sha256);

  private final Map<ByteString, Ed25519.PublicPoint> keyCache = new ConcurrentHashMap<>();
  private final VerifiedDigests verified = new VerifiedDigests(LOG2_REMEMBERED);
  private final AtomicLong performed = new AtomicLong();

  /** Whether {@code signature} is a valid signature by {@code publicKey} over {@code message}. */
  public boolean verify(ByteString publicKey, byte[] message, ByteString signature) {
    if (publicKey.size() != Signatures.PUBLIC_KEY_LENGTH || signature.size() != Signatures.SIGNATURE_LENGTH) {
      return false;
    }
    byte[] memo = memoKey(publicKey, message, signature);
    if (verified.contains(memo)) {
      return true;
    }
    boolean ok = verifyUncached(publicKey, message, signature);
    if (ok) {
      verified.add(memo);
    }
    return ok;
  }

  /**
   * The strict verification with this verifier's validated keys, without consulting or filling
   * the remembered verifications (what the signature benchmark measures).
   */
  public boolean verifyUncached(ByteString publicKey, byte[] message, ByteString signature) {
    if (publicKey.size() != Signatures.PUBLIC_KEY_LENGTH || signature.size() != Signatures.SIGNATURE_LENGTH) {
      return false;
    }
    Ed25519.PublicPoint point = validatedPoint(publicKey);
    if (point == null) {
      return false;
    }
    performed.incrementAndGet();
    return Signatures.verifyPoint(point, message, signature);
  }

  /** Verifies a signature made under {@code domain} on chain {@code chainId}. */
  public boolean verify(ByteString publicKey, Domain domain, String chainId, byte[] payload, ByteString signature) {
    return verify(publicKey, domain.signBytes(chainId, payload), signature);
  }

  /** Whether {@code publicKey} is an acceptable Ed25519 public key (canonical, prime order). */
  public boolean isValidPublicKey(ByteString publicKey) {
    return publicKey.size() == Signatures.PUBLIC_KEY_LENGTH && validatedPoint(publicKey) != null;
  }

  /** Forgets remembered verifications, e.g. to measure cold block validation. */
  public void forgetVerified() {
    verified.clear();
  }

  /** Ed25519 verifications this verifier computed (remembered results excluded). */
  public long verificationsPerformed() {
    return performed.get();
  }

  private Ed25519.PublicPoint validatedPoint(ByteString publicKey) {
    Ed25519.PublicPoint cached = keyCache.get(publicKey);
    if (cached != null) {
      return cached;
    }
    Ed25519.PublicPoint point = Signatures.validatedPoint(publicKey);
    if (point != null) {
      if (keyCache.size() >= KEY_CACHE_LIMIT) {
        evictSome(keyCache.keySet().iterator());
      }
      keyCache.put(publicKey, point);
    }
    return point;
  }

  /**
   * Drops an eighth of the cache (in the map's arbitrary order). Clearing it whole would make a
   * working set just above the limit miss on nearly every look-up.
   */
  private static void evictSome(Iterator<ByteString> entries) {
    for (int i = 0; i < KEY_CACHE_LIMIT / 8 && entries.hasNext(); i++) {
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
}
