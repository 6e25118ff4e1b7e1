package org.lpos.chain.model;

import org.lpos.chain.crypto.SignatureVerifier;

/**
 * What one node remembers while it checks a chain: validated keys and successful signature checks
 * (with its count of verifications computed) and recent transaction ids. A node, or a simulation
 * for all its nodes, creates one and hands it to its chain state and the rules it runs; nothing
 * of it is process-wide.
 */
public record ChainCaches(SignatureVerifier signatures, TransactionIds txIds) {
  /** Empty caches and a zero count. */
  public ChainCaches() {
    this(new SignatureVerifier(), new TransactionIds());
  }
}
