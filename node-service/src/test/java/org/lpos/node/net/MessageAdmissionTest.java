package org.lpos.node.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.TransactionBatch;
import org.lpos.proto.v1.Vote;

/**
 * Every kind of message has a rule at the edge, and one of no known kind is the sender's offence:
 * it is charged, not handed to the driver and not dropped unnoticed.
 */
class MessageAdmissionTest {
  private static final ByteString STAKEHOLDER = ByteString.copyFromUtf8("stakeholder");
  private static final ByteString FOLLOWER = ByteString.copyFromUtf8("follower");
  private static final Membership STAKE = key -> Set.of(STAKEHOLDER).contains(key);

  private final MessageAdmission admission =
      new MessageAdmission(PeerBudgets.defaults(), PeerBudgets.followers(), () -> 0L, STAKE);

  @Test
  void aMessageOfNoKnownKindIsAnOffence() {
    PeerMessage empty = PeerMessage.getDefaultInstance();
    assertEquals(MessageKind.OTHER, MessageKind.of(empty));
    assertEquals(MessageAdmission.Verdict.OFFENCE, admission.admit(STAKEHOLDER, MessageKind.OTHER, empty));
    assertEquals(MessageAdmission.Verdict.OFFENCE, admission.admit(FOLLOWER, MessageKind.OTHER, empty));
  }

  @Test
  void senateTrafficFromAFollowerIsDroppedAndCounted() {
    PeerMessage vote = PeerMessage.newBuilder().setVote(Vote.newBuilder().setHeight(1)).build();
    assertEquals(MessageAdmission.Verdict.DROPPED, admission.admit(FOLLOWER, MessageKind.VOTE, vote));
    assertEquals(1, admission.fromNonMembers(MessageKind.VOTE));
    assertEquals(MessageAdmission.Verdict.ADMITTED, admission.admit(STAKEHOLDER, MessageKind.VOTE, vote));
    assertEquals(1, admission.fromNonMembers(MessageKind.VOTE), "a stakeholder's vote is not counted as a follower's");
  }

  @Test
  void transactionsAreOpenToFollowers() {
    PeerMessage batch = PeerMessage.newBuilder().setTransactions(TransactionBatch.getDefaultInstance()).build();
    assertEquals(MessageAdmission.Verdict.ADMITTED, admission.admit(FOLLOWER, MessageKind.TRANSACTIONS, batch));
  }
}
