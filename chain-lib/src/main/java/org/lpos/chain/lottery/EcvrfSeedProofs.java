package org.lpos.chain.lottery;

import com.google.protobuf.ByteString;
import java.util.Optional;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.crypto.ed25519.Ecvrf;

/**
 * ECVRF-EDWARDS25519-SHA512-TAI (RFC 9381, {@link Ecvrf}) behind {@link SeedProofs}: a member's
 * Ed25519 seed is its VRF secret key and its Ed25519 public key the VRF public key (PROTOCOL §6a,
 * "Key reuse").
 */
final class EcvrfSeedProofs implements SeedProofs {
  static final EcvrfSeedProofs INSTANCE = new EcvrfSeedProofs();

  private EcvrfSeedProofs() {}

  @Override
  public ByteString prove(KeyPair key, byte[] alpha) {
    return ByteString.copyFrom(Ecvrf.prove(key.secretSeed().toByteArray(), alpha));
  }

  @Override
  public Optional<ByteString> verify(ByteString publicKey, ByteString proof, byte[] alpha) {
    if (publicKey.size() != Ecvrf.PUBLIC_KEY_BYTES || proof.size() != Ecvrf.PROOF_BYTES) {
      return Optional.empty();
    }
    return Ecvrf.verify(publicKey.toByteArray(), proof.toByteArray(), alpha).map(ByteString::copyFrom);
  }

  @Override
  public Optional<ByteString> outputOf(ByteString proof) {
    if (proof.size() != Ecvrf.PROOF_BYTES) {
      return Optional.empty();
    }
    return Ecvrf.proofToHash(proof.toByteArray()).map(ByteString::copyFrom);
  }
}
