package org.lpos.node.consensus;

import com.google.protobuf.ByteString;
import java.util.Optional;
import java.util.OptionalLong;
import org.lpos.proto.v1.CertifiedBlock;

/**
 * Read access to the certified blocks a node has persisted, by height and by hash. The core
 * serves catch-up requests and queries from it and keeps in memory only the blocks it committed
 * since the shell last persisted; the shell appends to the archive when it persists a
 * {@link Ready} (a durable store in a node, a list in the simulator).
 *
 * <p>A node's archive is read from any thread while the driver appends (the Node API serves
 * blocks without the consensus thread), and a height is visible only once its block can be read.
 */
public interface BlockArchive {
  /** The height of the last persisted block (0 when only genesis is known). */
  long lastHeight();

  /** The persisted block at {@code height} (1 to {@link #lastHeight}), if any. */
  Optional<CertifiedBlock> block(long height);

  /** The height of the persisted block whose hash is {@code hash}, if any. */
  OptionalLong heightOf(ByteString hash);
}
