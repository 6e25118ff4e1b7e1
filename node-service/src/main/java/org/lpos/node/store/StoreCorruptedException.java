package org.lpos.node.store;

import java.io.IOException;

/**
 * The chain store holds something it did not write: a value failing its checksum, a missing or
 * truncated range, metadata that contradicts the data. The message names the column family, the
 * key or height, and what is wrong; a node refuses to start on it rather than serve it.
 */
public final class StoreCorruptedException extends IOException {
  private static final long serialVersionUID = 1L;

  /** A corruption described by {@code message}. */
  public StoreCorruptedException(String message) {
    super(message);
  }
}
