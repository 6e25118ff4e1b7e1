package org.lpos.node.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.CommitCertificate;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.PrecommitSignature;
import org.lpos.proto.v1.StatusAnnouncement;

/** Gossip skips the peers whose precommits certify a committed block: they hold it already. */
class CommittedBlockHoldersTest {
  private static final ByteString A = ByteString.copyFromUtf8("senator-a");
  private static final ByteString B = ByteString.copyFromUtf8("senator-b");

  @Test
  void theHoldersOfACommittedBlockAreTheSignersOfItsCertificate() {
    PeerMessage block = PeerMessage.newBuilder().setCommittedBlock(CertifiedBlock.newBuilder()
        .setCertificate(CommitCertificate.newBuilder()
            .addPrecommits(PrecommitSignature.newBuilder().setSigner(A))
            .addPrecommits(PrecommitSignature.newBuilder().setSigner(B))))
        .build();
    assertEquals(Set.of(A, B), PeerNetwork.holdersOf(block));
  }

  @Test
  void otherGossipGoesToEveryTarget() {
    PeerMessage status = PeerMessage.newBuilder().setStatus(StatusAnnouncement.getDefaultInstance()).build();
    assertTrue(PeerNetwork.holdersOf(status).isEmpty());
  }
}
