package org.lpos.chain.lottery;

import com.google.protobuf.ByteString;
import java.util.Optional;
import org.lpos.chain.crypto.KeyPair;

/**
 * A verifiable random function as the VRF lottery uses it (PROTOCOL §6a): a member proves with its
 * Ed25519 key, anyone verifies with the public key and gets the output. The chain's instance is
 * {@link #ecvrf()} (RFC 9381, ECVRF-EDWARDS25519-SHA512-TAI); tests may put a double behind it.
 */
public interface SeedProofs {
  /** The proof of {@code key} over {@code alpha}; deterministic. */
  ByteString prove(KeyPair key, byte[] alpha);

  /** The output (beta) if {@code proof} is {@code publicKey}'s valid proof over {@code alpha}. */
  Optional<ByteString> verify(ByteString publicKey, ByteString proof, byte[] alpha);

  /**
   * The output (beta) of a well-formed proof without verifying it (RFC 9381's proof_to_hash): for a
   * proof verified before, such as a committed block's.
   */
  Optional<ByteString> outputOf(ByteString proof);

  /** The RFC 9381 suite every LOTTERY_VRF chain uses. */
  static SeedProofs ecvrf() {
    return EcvrfSeedProofs.INSTANCE;
  }
}
