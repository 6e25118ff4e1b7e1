package org.lpos.chain.model;

import com.google.protobuf.ByteString;
import org.lpos.chain.crypto.Hashes;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.BlockHeader;

/**
 * Block identity (PROTOCOL §4): {@code H(serialize(header))}. Signatures are outside the header,
 * so every node agrees on a block's hash whatever subset of signatures it saw.
 */
public final class Blocks {
  private Blocks() {}

  /** The hash of a header. */
  public static ByteString hash(BlockHeader header) {
    return Hashes.hashOf(header);
  }

  /** The hash of a block (of its header). */
  public static ByteString hash(Block block) {
    return hash(block.getHeader());
  }
}
