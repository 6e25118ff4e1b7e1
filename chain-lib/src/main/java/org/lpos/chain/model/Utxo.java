package org.lpos.chain.model;

import com.google.protobuf.ByteString;

/**
 * An unspent output: where it is, how much it holds, and its owner (the public key of its
 * standard lock). The owner's key format is opaque here, so the same type also carries the
 * original prototype's P-192 keys during import.
 */
public record Utxo(OutputKey key, long value, ByteString owner) {
  /** Validates the components. */
  public Utxo {
    if (key == null || owner == null) {
      throw new IllegalArgumentException("key and owner are required");
    }
    if (value <= 0) {
      throw new IllegalArgumentException("an output's value is positive: " + value);
    }
  }
}
