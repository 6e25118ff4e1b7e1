package org.lpos.chain.cert;

import com.google.protobuf.ByteString;
import java.util.List;
import org.lpos.chain.crypto.Domain;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.proto.v1.CommitCertificate;
import org.lpos.proto.v1.PrecommitSignature;
import org.lpos.proto.v1.VoteBody;

/** Precommit bodies and the assembly of commit certificates (PROTOCOL §4, §7). */
public final class CommitCertificates {
  private CommitCertificates() {}

  /** What a precommit for {@code blockHash} at (height, round) signs after its tag and chain id. */
  public static VoteBody body(long height, int round, ByteString blockHash) {
    return VoteBody.newBuilder().setHeight(height).setRound(round).setBlockHash(blockHash).build();
  }

  /** A senator's precommit signature. */
  public static PrecommitSignature precommit(KeyPair signer, String chainId, VoteBody body) {
    return PrecommitSignature.newBuilder()
        .setSigner(signer.publicKey())
        .setSignature(signer.sign(Domain.PRECOMMIT, chainId, body.toByteArray()))
        .build();
  }

  /** A certificate made of precommits by {@code signers}, in the given order. */
  public static CommitCertificate certify(
      String chainId, long height, int round, ByteString blockHash, List<KeyPair> signers) {
    VoteBody body = body(height, round, blockHash);
    CommitCertificate.Builder cert = CommitCertificate.newBuilder()
        .setHeight(height).setRound(round).setBlockHash(blockHash);
    for (KeyPair signer : signers) {
      cert.addPrecommits(precommit(signer, chainId, body));
    }
    return cert.build();
  }
}
