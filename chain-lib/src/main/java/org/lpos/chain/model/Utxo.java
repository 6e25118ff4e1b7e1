package org.lpos.chain.model;

import com.google.protobuf.ByteString;
import java.util.Comparator;

/**
 * An unspent output: where it is, how much it holds, and its owner (the public key of its
 * standard lock). The owner's key format is opaque here, so the same type also carries the
 * original prototype's P-192 keys during import.
 */
public record Utxo(OutputKey key, long value, ByteString owner) {
  /** Larger values first; equal values by output reference, the smaller first. */
  public static final Comparator<Utxo> LARGEST_FIRST =
      Comparator.comparingLong(Utxo::value).reversed().thenComparing(Utxo::key);

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
