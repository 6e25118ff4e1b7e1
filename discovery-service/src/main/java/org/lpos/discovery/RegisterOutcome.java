package org.lpos.discovery;

import java.util.List;
import java.util.Optional;
import org.lpos.proto.v1.MemberKey;
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
   * @param member the preloaded member the node runs as, when the server preloads members
   * @param peers a random sample of live peers, never including {@code self}
   * @param registered how many distinct node names have registered so far
   * @param firstTime whether this node name registered for the first time
   */
  record Registered(
      PeerInfo self, Optional<MemberKey> member, List<PeerInfo> peers, int registered,
      boolean firstTime)
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
