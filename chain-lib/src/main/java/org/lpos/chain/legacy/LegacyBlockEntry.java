package org.lpos.chain.legacy;

import org.lpos.proto.v1.LegacyBlock;

/**
 * One element of a legacy chain file's top-level array: either the block it decodes to, or the
 * reason it could not be decoded. Keeping the malformed ones in place keeps every later block's
 * index equal to its height.
 */
public sealed interface LegacyBlockEntry {
  /** Position in the file, which is the block's height. */
  int index();

  /** A block that decoded into the prototype's protobuf form. */
  record Decoded(int index, LegacyBlock block) implements LegacyBlockEntry {}

  /** A block that did not decode, and why. */
  record Malformed(int index, LegacyProblem problem) implements LegacyBlockEntry {}
}
