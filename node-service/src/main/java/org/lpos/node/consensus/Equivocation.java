package org.lpos.node.consensus;

import org.lpos.proto.v1.Vote;

/** Two different signed votes by one signer for the same (height, round, type): proof of a fault. */
public record Equivocation(Vote first, Vote second) {}
