package org.lpos.chain.legacy;

import java.util.OptionalInt;

/**
 * Where in a legacy chain file a problem lies: the whole file, a block, a transaction of a block,
 * or one input or output of a transaction. Indexes are zero-based positions in the file; an
 * absent level is stored as {@link #NONE} so that the record stays a plain value.
 */
public record LegacyLocation(int block, int tx, Item item, int itemIndex) {
  /** Stored for a level that does not apply. */
  public static final int NONE = -1;

  /** Which part of a transaction, if any, the location names. */
  public enum Item {
    /** The location stops at the transaction or above. */
    NONE,
    /** One input of the transaction. */
    INPUT,
    /** One output of the transaction. */
    OUTPUT
  }

  /** Checks that the levels nest: no tx without a block, no item without a tx. */
  public LegacyLocation {
    if (item == null
        || (block < 0 && tx != NONE)
        || (tx < 0 && item != Item.NONE)
        || ((item == Item.NONE) != (itemIndex == NONE))) {
      throw new IllegalArgumentException("inconsistent location");
    }
  }

  /** The whole file. */
  public static LegacyLocation file() {
    return new LegacyLocation(NONE, NONE, Item.NONE, NONE);
  }

  /** Block {@code index}. */
  public static LegacyLocation ofBlock(int index) {
    return new LegacyLocation(index, NONE, Item.NONE, NONE);
  }

  /** Transaction {@code index} of this block. */
  public LegacyLocation tx(int index) {
    return new LegacyLocation(block, index, Item.NONE, NONE);
  }

  /** Input {@code index} of this transaction. */
  public LegacyLocation input(int index) {
    return new LegacyLocation(block, tx, Item.INPUT, index);
  }

  /** Output {@code index} of this transaction. */
  public LegacyLocation output(int index) {
    return new LegacyLocation(block, tx, Item.OUTPUT, index);
  }

  /** The block index, if the location is inside a block. */
  public OptionalInt blockIndex() {
    return block == NONE ? OptionalInt.empty() : OptionalInt.of(block);
  }

  /** The transaction index, if the location is inside a transaction. */
  public OptionalInt txIndex() {
    return tx == NONE ? OptionalInt.empty() : OptionalInt.of(tx);
  }

  @Override
  public String toString() {
    if (block == NONE) {
      return "file";
    }
    StringBuilder text = new StringBuilder("block ").append(block);
    if (tx != NONE) {
      text.append(" tx ").append(tx);
    }
    if (item != Item.NONE) {
      text.append(item == Item.INPUT ? " input " : " output ").append(itemIndex);
    }
    return text.toString();
  }
}
