package org.lpos.chain.legacy;

import com.google.protobuf.ByteString;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.model.Utxo;
import org.lpos.chain.senate.Senate;
import org.lpos.proto.v1.LegacyBlock;
import org.lpos.proto.v1.LegacyDirectorCompetition;
import org.lpos.proto.v1.LegacySignature;

/**
 * The prototype's agreement rules for a block after genesis, judged against the state before the
 * block: the director owns the unspent output it names and signed its claim; its q signs
 * {@code H(previous q)}; and distinct senators of the height's senate, each signing the director
 * competition and merkle root, together hold at least a quorum of seats.
 */
final class LegacyConsensusRules {
  private static final String DIRECTOR = "director_competition.director_signature";

  private LegacyConsensusRules() {}

  /** Checks the director's claim and its q, adding any problems. */
  static void checkDirector(
      LegacyBlock block, LegacyLocation at, LegacyLedger before, ByteString previousQ, List<LegacyProblem> problems) {
    LegacyDirectorCompetition competition = block.getDirectorCompetition();
    ByteString signer = competition.getSignature().getSigner();
    int index = competition.getTxoIdx().getTransactionIdx();
    Utxo claimed = index < 0 ? null : before.get(new OutputKey(competition.getTxoIdx().getTransactionHash(), index));
    if (claimed == null) {
      problems.add(new LegacyProblem(at, "director_competition.txo_idx", "names no unspent output"));
    } else if (!claimed.owner().equals(signer)) {
      problems.add(new LegacyProblem(at, DIRECTOR, "the director does not own the output named by txo_idx"));
    }
    Optional<ECPublicKeyParameters> key = LegacyEcdsa.publicKey(signer);
    if (key.isEmpty()) {
      problems.add(new LegacyProblem(at, DIRECTOR, "the director's key is not a 48-byte point on P-192"));
      return;
    }
    byte[] claim = LegacyEncoding.directorSignBytes(block.getPrevHash(), competition);
    if (!LegacyEcdsa.verify(key.get(), claim, competition.getSignature().getSignature())) {
      problems.add(new LegacyProblem(at, DIRECTOR, "director signature does not verify"));
    }
    if (!LegacyEcdsa.verify(key.get(), LegacyEncoding.qSignBytes(previousQ), competition.getQ())) {
      problems.add(new LegacyProblem(at, "director_competition.q",
          "q does not verify as the director's signature over H(previous q)"));
    }
  }

  /** Checks the senate signatures against {@code senate}, adding any problems. */
  static void checkSenate(LegacyBlock block, LegacyLocation at, Senate senate, List<LegacyProblem> problems) {
    byte[] message = LegacyEncoding.senateSignBytes(block);
    Set<ByteString> signed = new HashSet<>();
    int seats = 0;
    for (int i = 0; i < block.getSenatesSignatureCount(); i++) {
      LegacySignature signature = block.getSenatesSignature(i);
      String field = "senates_signature[" + i + "]";
      ByteString signer = signature.getSigner();
      if (!signed.add(signer)) {
        problems.add(new LegacyProblem(at, field, "the signer already signed this block"));
        continue;
      }
      if (!senate.isSenator(signer)) {
        problems.add(new LegacyProblem(at, field, "the signer holds no seat in the senate of height " + senate.height()));
        continue;
      }
      Optional<ECPublicKeyParameters> key = LegacyEcdsa.publicKey(signer);
      if (key.isEmpty() || !LegacyEcdsa.verify(key.get(), message, signature.getSignature())) {
        problems.add(new LegacyProblem(at, field, "signature does not verify"));
        continue;
      }
      seats += senate.seatsOf(signer);
    }
    if (seats < senate.quorum()) {
      problems.add(new LegacyProblem(at, "senates_signature",
          "valid signatures hold " + seats + " of " + senate.size() + " seats, fewer than the quorum of "
              + senate.quorum()));
    }
  }
}
