package org.lpos.chain.crypto;

import com.google.protobuf.ByteString;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.lpos.chain.crypto.ed25519.Ed25519BatchVerifier;
import org.lpos.chain.crypto.ed25519.Ed25519PublicKey;

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

  /**
   * Fewer signatures are left to the rules: the batch verifier would check them one by one, about
   * 10% slower than BouncyCastle's single check that the rules use (docs/benchmarks.md).
   */
  private static final int SMALLEST_BATCH = 4;
  /** Keys with batch tables: 4,096 of about 1 KiB each. */
  private static final int BATCH_KEY_CACHE_LIMIT = 1 << 12;

  private final Map<ByteString, Ed25519.PublicPoint> keyCache = new ConcurrentHashMap<>();
  private final Map<ByteString, Ed25519PublicKey> batchKeys = new ConcurrentHashMap<>();
  private final Ed25519BatchVerifier batch = new Ed25519BatchVerifier();
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

  /**
   * Verifies {@code checks} ahead of the rules that will ask for them, in one Ed25519 batch
   * ({@link Ed25519BatchVerifier}: about 2.3 times fewer CPU cycles per signature than one by one,
   * docs/benchmarks.md), and remembers those that are valid, so that {@link #verify} then finds
   * them. Checks already remembered, or with malformed lengths or keys, are left out; a check that
   * fails is simply not remembered (the rule that asks for it later says why). The batch accepts
   * exactly what {@link #verify} accepts.
   */
  public void verifyAhead(List<SignatureCheck> checks) {
    List<Ed25519BatchVerifier.Item> items = new ArrayList<>(checks.size());
    List<byte[]> memos = new ArrayList<>(checks.size());
    for (SignatureCheck c : checks) {
      if (c.publicKey().size() != Signatures.PUBLIC_KEY_LENGTH || c.signature().size() != Signatures.SIGNATURE_LENGTH) {
        continue;
      }
      byte[] memo = memoKey(c.publicKey(), c.message(), c.signature());
      Ed25519PublicKey key = verified.contains(memo) ? null : batchKey(c.publicKey());
      if (key != null) {
        items.add(new Ed25519BatchVerifier.Item(key, c.message(), c.signature().toByteArray()));
        memos.add(memo);
      }
    }
    if (items.size() < SMALLEST_BATCH) {
      return;
    }
    performed.addAndGet(items.size());
    boolean[] valid = batch.verifyAll(items);
    for (int i = 0; i < valid.length; i++) {
      if (valid[i]) {
        verified.add(memos.get(i));
      }
    }
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

  /** The key with its batch table (about 1 KiB), from a smaller cache than the points'. */
  private Ed25519PublicKey batchKey(ByteString publicKey) {
    Ed25519PublicKey cached = batchKeys.get(publicKey);
    if (cached != null) {
      return cached;
    }
    Ed25519PublicKey key = Ed25519PublicKey.decode(publicKey.toByteArray()).orElse(null);
    if (key != null) {
      if (batchKeys.size() >= BATCH_KEY_CACHE_LIMIT) {
        evictSome(batchKeys.keySet().iterator(), BATCH_KEY_CACHE_LIMIT);
      }
      batchKeys.put(publicKey, key);
    }
    return key;
  }

  private Ed25519.PublicPoint validatedPoint(ByteString publicKey) {
    Ed25519.PublicPoint cached = keyCache.get(publicKey);
    if (cached != null) {
      return cached;
    }
    Ed25519.PublicPoint point = Signatures.validatedPoint(publicKey);
    if (point != null) {
      if (keyCache.size() >= KEY_CACHE_LIMIT) {
        evictSome(keyCache.keySet().iterator(), KEY_CACHE_LIMIT);
      }
      keyCache.put(publicKey, point);
    }
    return point;
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
}
