package org.lpos.chain.lottery;

import com.google.protobuf.ByteString;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.crypto.Signatures;

/**
 * A test double of {@link SeedProofs}: the "proof" is an Ed25519 signature over alpha padded to
 * {@link VrfSeeds#PROOF_BYTES}, the output its SHA-512. Deterministic and bound to key and alpha,
 * which is all the lottery rules rely on; it is not a VRF (a signer could grind signatures).
 */
public final class SignatureSeedProofs implements SeedProofs {
  private static final int PADDING = VrfSeeds.PROOF_BYTES - Signatures.SIGNATURE_LENGTH;

  @Override
  public ByteString prove(KeyPair key, byte[] alpha) {
    return key.signRaw(alpha).concat(ByteString.copyFrom(new byte[PADDING]));
  }

  @Override
  public Optional<ByteString> verify(ByteString publicKey, ByteString proof, byte[] alpha) {
    if (proof.size() != VrfSeeds.PROOF_BYTES
        || !proof.substring(Signatures.SIGNATURE_LENGTH).equals(ByteString.copyFrom(new byte[PADDING]))
        || !Signatures.verify(publicKey, alpha, proof.substring(0, Signatures.SIGNATURE_LENGTH))) {
      return Optional.empty();
    }
    return outputOf(proof);
  }

  @Override
  public Optional<ByteString> outputOf(ByteString proof) {
    if (proof.size() != VrfSeeds.PROOF_BYTES) {
      return Optional.empty();
    }
    try {
      return Optional.of(ByteString.copyFrom(MessageDigest.getInstance("SHA-512").digest(proof.toByteArray())));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
