package org.lpos.chain.ledger;

/** Why a transaction, ticket, certificate or block was rejected. */
public enum Reason {
  MALFORMED("malformed"),
  NO_INPUTS("no inputs"),
  NO_OUTPUTS("no outputs"),
  MISSING_INPUT("missing input"),
  SPENT_INPUT("input already spent in this block"),
  DUPLICATE_INPUT("output referenced twice"),
  INPUT_LOCKED("input locked by a pending transaction"),
  POOL_FULL("pool full"),
  BAD_SIGNATURE("bad signature"),
  NON_STANDARD_LOCK("non-standard lock"),
  NON_POSITIVE_VALUE("non-positive value"),
  OVERFLOW("value overflow"),
  OUTPUTS_EXCEED_INPUTS("outputs exceed inputs"),
  DUPLICATE_TRANSACTION("duplicate transaction"),
  WRONG_CHAIN("wrong chain id"),
  WRONG_HEIGHT("wrong height"),
  WRONG_PREV_HASH("wrong previous hash"),
  BAD_MERKLE_ROOT("bad merkle root"),
  BAD_TIMESTAMP("bad timestamp"),
  BAD_PROPOSER("bad proposer"),
  BAD_TICKET("bad ticket"),
  BAD_VRF_PROOF("bad VRF proof"),
  BLOCK_TOO_LARGE("block too large"),
  TRANSACTION_TOO_LARGE("transaction too large"),
  BAD_GENESIS("bad genesis"),
  INSUFFICIENT_CERTIFICATE("insufficient certificate"),
  BAD_MESSAGE("bad message");

  private final String label;

  Reason(String label) {
    this.label = label;
  }

  /** A short human label, e.g. "missing input". */
  public String label() {
    return label;
  }
}
