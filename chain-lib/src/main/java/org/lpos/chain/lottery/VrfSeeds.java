package org.lpos.chain.lottery;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.lpos.chain.crypto.Domain;
import org.lpos.chain.crypto.Hex;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.crypto.ed25519.Ecvrf;
import org.lpos.chain.ledger.Reason;
import org.lpos.chain.ledger.Rejection;
import org.lpos.proto.v1.BlockHeader;

/**
 * The seed rule of a LOTTERY_VRF chain (PROTOCOL §6a): block h carries its proposer's proof over
 * {@code alpha(h) = LPOS/vrf || chain_id || height (8 bytes, big-endian) || q(h-1)}, and
 * {@code q(h)} is the proof's output beta (64 bytes). Remembers the last proof it verified, so
 * applying a block just checked costs no second verification.
 */
public final class VrfSeeds {
  /** An RFC 9381 edwards25519 proof: Gamma (32), c (16), s (32). */
  public static final int PROOF_BYTES = Ecvrf.PROOF_BYTES;

  private final SeedProofs proofs;
  private Verified last;

  private record Verified(ByteString proposer, ByteString proof, ByteString alpha, ByteString beta) {}

  /** The rule over {@code proofs} (the chain's: {@link SeedProofs#ecvrf()}). */
  public VrfSeeds(SeedProofs proofs) {
    this.proofs = proofs;
  }

  /** The VRF input of block {@code height} on {@code chainId}, after the seed {@code previousQ}. */
  public static byte[] alpha(String chainId, long height, ByteString previousQ) {
    byte[] q = previousQ.toByteArray();
    return Domain.VRF.signBytes(chainId, ByteBuffer.allocate(Long.BYTES + q.length).putLong(height).put(q).array());
  }

  /** {@code key}'s proof for block {@code height} after the seed {@code previousQ}. */
  public ByteString prove(KeyPair key, String chainId, long height, ByteString previousQ) {
    return proofs.prove(key, alpha(chainId, height, previousQ));
  }

  /** The free checks of a VRF block's header: no ticket, a proof of the right length. */
  public static List<Rejection> checkShape(BlockHeader h) {
    if (h.hasTicket()) {
      return List.of(Rejection.of(Reason.BAD_TICKET, "a VRF chain's block carries no ticket"));
    }
    if (h.getVrfProof().size() != PROOF_BYTES) {
      return List.of(Rejection.of(Reason.BAD_VRF_PROOF, "VRF proof of %d bytes, expected %d",
          h.getVrfProof().size(), PROOF_BYTES));
    }
    return List.of();
  }

  /**
   * The seed q(h) of block {@code h}: the output of its proof if the proof is its proposer's over
   * {@code alpha(h)}, empty if not.
   */
  public Optional<ByteString> seedOf(BlockHeader h, ByteString previousQ) {
    ByteString alpha = ByteString.copyFrom(alpha(h.getChainId(), h.getHeight(), previousQ));
    Verified memo = last;
    if (memo != null && memo.proposer.equals(h.getProposer()) && memo.proof.equals(h.getVrfProof())
        && memo.alpha.equals(alpha)) {
      return Optional.of(memo.beta);
    }
    Optional<ByteString> beta = proofs.verify(h.getProposer(), h.getVrfProof(), alpha.toByteArray());
    beta.ifPresent(b -> last = new Verified(h.getProposer(), h.getVrfProof(), alpha, b));
    return beta;
  }

  /** {@link #seedOf} as the rejection of a block whose proof does not verify. */
  public List<Rejection> check(BlockHeader h, ByteString previousQ) {
    if (seedOf(h, previousQ).isPresent()) {
      return List.of();
    }
    return List.of(Rejection.of(Reason.BAD_VRF_PROOF, "VRF proof does not verify under the proposer %s for height %d",
        Hex.shortForm(h.getProposer()), h.getHeight()));
  }
}
