package org.lpos.discovery;

import org.lpos.proto.v1.MemberAssignment;

/**
 * The result of {@link Registry#claimMember}: the member a node name runs as (index and public
 * key; never a secret), or why the claim is refused.
 */
public sealed interface ClaimOutcome {

  /**
   * The member assigned to the name.
   *
   * @param member index, name and public key of the member
   */
  record Claimed(MemberAssignment member) implements ClaimOutcome {}

  /**
   * A refused claim.
   *
   * @param rejection why
   */
  record Refused(Rejection rejection) implements ClaimOutcome {}
}
