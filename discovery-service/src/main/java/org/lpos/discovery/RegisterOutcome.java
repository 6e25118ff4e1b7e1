package org.lpos.discovery;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Optional;
import org.lpos.proto.v1.MemberAssignment;
import org.lpos.proto.v1.PeerInfo;

/**
 * The result of {@link Registry#register}: either the node is registered (with its peer sample and
 * preloaded member) or the request is rejected with a reason.
 */
public sealed interface RegisterOutcome {

  /**
   * A successful registration or renewal.
   *
   * @param self the node as others will see it
   * @param member the preloaded member the node runs as (no secret), when the server preloads
   * @param peers a random sample of live peers, never including {@code self}
   * @param registered how many node names count towards M ({@link Registry#registeredCount})
   * @param firstTime whether this registration took the name (rather than renewing it)
   * @param leaseToken what the node's heartbeats must carry
   * @param order 1 for the first name the registry took, 2 for the next, ... (a renewal keeps it):
   *     the original's log id
   */
  record Registered(
      PeerInfo self, Optional<MemberAssignment> member, List<PeerInfo> peers, int registered,
      boolean firstTime, ByteString leaseToken, long order)
      implements RegisterOutcome {
    public Registered {
      peers = List.copyOf(peers);
    }
  }

  /**
   * A refused registration.
   *
   * @param rejection why
   */
  record Rejected(Rejection rejection) implements RegisterOutcome {}
}
