package org.lpos.chain.genesis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.lpos.chain.crypto.Hashes;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.model.Member;

/**
 * Deterministic, INSECURE member keys for tests, experiments and the shipped chains: member i's
 * secret seed is {@code SHA-256("LPOS insecure test member|" + seed + "|" + i)}, so anyone can
 * recompute them. Never hold real value with these keys.
 */
public final class TestMembers {
  /** The warning written into every members file made from these keys. */
  public static final String WARNING =
      "INSECURE TEST KEYS: derived from a public seed; anyone can recompute them. Never use them for real value.";

  private TestMembers() {}

  /** Members 0..count-1 derived from {@code seed}. */
  public static List<Member> derive(long seed, int count) {
    List<Member> members = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] secret = Hashes.sha256(("LPOS insecure test member|" + seed + "|" + i).getBytes(StandardCharsets.UTF_8));
      members.add(new Member(i, "member-" + i, KeyPair.fromSeed(secret)));
    }
    return members;
  }
}
