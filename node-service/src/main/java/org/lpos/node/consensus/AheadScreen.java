package org.lpos.node.consensus;

import com.google.protobuf.ByteString;
import java.util.Optional;
import org.lpos.chain.block.ChainState;
import org.lpos.chain.crypto.Signatures;
import org.lpos.chain.ledger.Reason;
import org.lpos.chain.ledger.Rejection;
import org.lpos.chain.model.Blocks;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.ChainParams;
import org.lpos.proto.v1.CommitCertificate;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.PrecommitSignature;

/**
 * Cheap checks of input about heights this node has not reached, before it is kept in
 * {@link NextHeightBuffer} or {@link CatchUp}: what can be judged without the senate of that
 * height (which depends on blocks this node lacks). Sizes first, then who signed (a key without
 * stake now is dropped, not blamed: it may gain stake in the block being decided), then the
 * signatures that need no senate (a proposal's and a vote's own signature; verified signatures
 * are remembered, so checking again on entering the height costs a lookup). Ticket signatures
 * and commit certificates name the previous block or the senate and wait for the full check.
 *
 * <p>Size bounds: a proposal carries a block of at most the chain's {@code max_block_bytes} (a
 * chain without a block limit is treated as having {@value #UNLIMITED_BLOCK_BUDGET_BYTES} bytes
 * here: a larger proposal is not kept ahead, and arrives again once the node is at its height);
 * votes and tickets are below {@value #SMALL_MESSAGE_MAX_BYTES} bytes (about 150 and 220); a
 * certified block has at most one precommit per seat.
 */
final class AheadScreen {
  /** Bytes of a vote or ticket message at most (they are about 150 and 220). */
  static final int SMALL_MESSAGE_MAX_BYTES = 512;
  /** What a proposal adds to its block at most: height, rounds, key, signature, tags. */
  static final int PROPOSAL_WRAPPING_BYTES = 256;
  /** Block bytes assumed for a chain whose genesis sets no block limit: 4 MiB. */
  static final int UNLIMITED_BLOCK_BUDGET_BYTES = 4 << 20;
  /** A certificate's bytes besides its precommits at most (height, round, hash, tags). */
  static final int CERTIFICATE_FIXED_BYTES = 64;
  /** One precommit in a certificate: 32-byte key and 64-byte signature with their tags. */
  static final int PRECOMMIT_BYTES = 104;
  /** What a certified block adds around its block: two fields' tags and lengths. */
  static final int CERTIFIED_WRAPPING_BYTES = 16;

  private AheadScreen() {}

  /** Block bytes a proposal or fetched block of this chain may carry, as far as buffers go. */
  static long blockBudgetBytes(ChainParams params) {
    return params.getMaxBlockBytes() == 0 ? UNLIMITED_BLOCK_BUDGET_BYTES : Integer.toUnsignedLong(params.getMaxBlockBytes());
  }

  /** The largest proposal message kept ahead. */
  static long largestProposalBytes(ChainParams params) {
    return blockBudgetBytes(params) + PROPOSAL_WRAPPING_BYTES;
  }

  /** The largest certified block kept ahead: a block of the budget and a full certificate. */
  static long largestCertifiedBlockBytes(ChainParams params) {
    return blockBudgetBytes(params) + CERTIFIED_WRAPPING_BYTES + CERTIFICATE_FIXED_BYTES
        + (long) params.getSenateSeats() * PRECOMMIT_BYTES;
  }

  /** Outcome of screening a message: keep it, drop it quietly, or refuse it (the sender's fault). */
  sealed interface Verdict {
    record Keep() implements Verdict {}

    record Drop() implements Verdict {}

    record Refuse(Rejection rejection) implements Verdict {}
  }

  private static final Verdict KEEP = new Verdict.Keep();
  private static final Verdict DROP = new Verdict.Drop();

  /** Screens a proposal, vote or ticket of the height after {@code chain}'s next one. */
  static Verdict nextHeightMessage(PeerMessage m, ChainState chain) {
    int size = m.getSerializedSize();
    String chainId = chain.chainId();
    return switch (m.getBodyCase()) {
      case PROPOSAL -> {
        if (size > largestProposalBytes(chain.params())) {
          yield refuse("next-height proposal of %d bytes, limit %d", size, largestProposalBytes(chain.params()));
        }
        if (!holdsStake(chain, m.getProposal().getProposer())) {
          yield DROP;
        }
        yield ConsensusMessages.verify(m.getProposal(), chainId, chain.caches().signatures()) ? KEEP
            : refuse("next-height proposal with a bad signature");
      }
      case VOTE -> {
        if (size > SMALL_MESSAGE_MAX_BYTES) {
          yield refuse("next-height vote of %d bytes, limit %d", size, SMALL_MESSAGE_MAX_BYTES);
        }
        if (!holdsStake(chain, m.getVote().getSigner())) {
          yield DROP;
        }
        yield ConsensusMessages.verify(m.getVote(), chainId, chain.caches().signatures()) ? KEEP : refuse("next-height vote with a bad signature");
      }
      case TICKET -> {
        if (size > SMALL_MESSAGE_MAX_BYTES) {
          yield refuse("next-height ticket of %d bytes, limit %d", size, SMALL_MESSAGE_MAX_BYTES);
        }
        yield holdsStake(chain, m.getTicket().getTicket().getOwner()) ? KEEP : DROP;
      }
      default -> DROP;
    };
  }

  /**
   * Screens a certified block above the next height: its chain, its size, and a certificate that
   * names this block and could be valid (no more precommits than seats, keys and signatures of
   * the right length). Whether its signers form a quorum of that height's senate is checked when
   * the block is applied.
   */
  static Optional<Rejection> blockAhead(CertifiedBlock cb, ChainState chain) {
    ChainParams params = chain.params();
    if (!cb.getBlock().getHeader().getChainId().equals(chain.chainId())) {
      return Optional.of(bad("block of chain %s", cb.getBlock().getHeader().getChainId()));
    }
    if (params.getMaxBlockBytes() != 0 && cb.getBlock().getSerializedSize() > params.getMaxBlockBytes()) {
      return Optional.of(bad("block of %d bytes, limit %d", cb.getBlock().getSerializedSize(), params.getMaxBlockBytes()));
    }
    CommitCertificate cert = cb.getCertificate();
    if (cert.getPrecommitsCount() > params.getSenateSeats()) {
      return Optional.of(bad("certificate with %d precommits for %d seats", cert.getPrecommitsCount(),
          params.getSenateSeats()));
    }
    for (PrecommitSignature p : cert.getPrecommitsList()) {
      if (p.getSigner().size() != Signatures.PUBLIC_KEY_LENGTH || p.getSignature().size() != Signatures.SIGNATURE_LENGTH) {
        return Optional.of(bad("certificate with a malformed precommit"));
      }
    }
    if (cert.getHeight() != cb.getBlock().getHeader().getHeight()
        || !cert.getBlockHash().equals(Blocks.hash(cb.getBlock()))) {
      return Optional.of(bad("certificate for another block"));
    }
    return Optional.empty();
  }

  private static boolean holdsStake(ChainState chain, ByteString key) {
    return chain.utxos().largestOwnedBy(key).isPresent();
  }

  private static Verdict refuse(String format, Object... args) {
    return new Verdict.Refuse(bad(format, args));
  }

  private static Rejection bad(String format, Object... args) {
    return Rejection.of(Reason.BAD_MESSAGE, format, args);
  }
}
