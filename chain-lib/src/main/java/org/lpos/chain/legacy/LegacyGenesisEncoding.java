package org.lpos.chain.legacy;

/**
 * The two encodings of the genesis block whose hash block 1 may name as its {@code prev_hash}.
 * The prototype's files disagree: {@code chain_10_rich_man.json} hashed the genesis with its
 * empty director submessages encoded ({@link #FULL}, like every other message), while
 * {@code chain_100_rich_man.json} hashed it with its director competition holding only {@code q}
 * ({@link #Q_ONLY}), as plain proto3 would encode a genesis built without those submessages.
 */
public enum LegacyGenesisEncoding {
  /** Every message field encoded, the empty signature and txo_idx included. */
  FULL,
  /** The director competition encoded with only its q field. */
  Q_ONLY
}
