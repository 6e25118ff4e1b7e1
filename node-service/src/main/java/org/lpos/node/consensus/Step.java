package org.lpos.node.consensus;

/** The step of a height's round (PROTOCOL §7). */
public enum Step {
  PROPOSE,
  PREVOTE,
  PRECOMMIT
}
