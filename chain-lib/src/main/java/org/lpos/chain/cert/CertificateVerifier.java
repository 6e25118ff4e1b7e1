package org.lpos.chain.cert;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.lpos.chain.crypto.Domain;
import org.lpos.chain.crypto.Hex;
import org.lpos.chain.crypto.SignatureVerifier;
import org.lpos.chain.ledger.Reason;
import org.lpos.chain.ledger.Rejection;
import org.lpos.chain.senate.Senate;
import org.lpos.proto.v1.CommitCertificate;
import org.lpos.proto.v1.PrecommitSignature;

/**
 * Checks a commit certificate against the senate of its height: it names the block, its signers
 * are distinct senators, every precommit signature verifies under the precommit domain, and the
 * signers hold at least Q seats together. A certificate with any bad entry is refused whole: an
 * honest node never assembles one, so a bad entry means tampering.
 *
 * <p>Checks run in cost order: the labels, then who signed and how many seats they hold, and only
 * then the signatures, stopping at the first that fails. A certificate short of a quorum, or
 * signed by non-senators, costs no verification at all.
 */
public final class CertificateVerifier {
  private CertificateVerifier() {}

  /**
   * The problems of {@code cert} for the block {@code blockHash} at {@code height}, up to the
   * first stage that fails; empty when it is valid. Signatures are checked through {@code signatures}.
   */
  public static List<Rejection> check(SignatureVerifier signatures,
      CommitCertificate cert, String chainId, long height, int minRound, ByteString blockHash, Senate senate) {
    List<Rejection> problems = new ArrayList<>();
    if (cert.getHeight() != height) {
      problems.add(insufficient("certificate is for height %d, not %d", cert.getHeight(), height));
    }
    if (!cert.getBlockHash().equals(blockHash)) {
      problems.add(insufficient("certificate is for another block %s", Hex.shortForm(cert.getBlockHash())));
    }
    if (Integer.compareUnsigned(cert.getRound(), minRound) < 0) {
      problems.add(insufficient("certificate round %d precedes the block's round %d", cert.getRound(), minRound));
    }
    if (!problems.isEmpty()) {
      return problems;
    }
    int seats = 0;
    Set<ByteString> signers = new HashSet<>();
    for (int i = 0; i < cert.getPrecommitsCount(); i++) {
      PrecommitSignature p = cert.getPrecommits(i);
      String who = Hex.shortForm(p.getSigner());
      if (!signers.add(p.getSigner())) {
        problems.add(insufficient("precommit %d: signer %s appears twice", i, who));
        continue;
      }
      int held = senate.seatsOf(p.getSigner());
      if (held == 0) {
        problems.add(insufficient("precommit %d: signer %s holds no seat at height %d", i, who, height));
        continue;
      }
      seats += held;
    }
    if (problems.isEmpty() && seats < senate.quorum()) {
      problems.add(insufficient("precommits hold %d seats, quorum is %d of %d", seats, senate.quorum(), senate.size()));
    }
    if (!problems.isEmpty()) {
      return problems;
    }
    byte[] body = CommitCertificates.body(height, cert.getRound(), blockHash).toByteArray();
    byte[] signBytes = Domain.PRECOMMIT.signBytes(chainId, body);
    for (int i = 0; i < cert.getPrecommitsCount(); i++) {
      PrecommitSignature p = cert.getPrecommits(i);
      if (!signatures.verify(p.getSigner(), signBytes, p.getSignature())) {
        return List.of(insufficient("precommit %d: signature of %s does not verify", i, Hex.shortForm(p.getSigner())));
      }
    }
    return problems;
  }

  private static Rejection insufficient(String format, Object... args) {
    return Rejection.of(Reason.INSUFFICIENT_CERTIFICATE, format, args);
  }
}
