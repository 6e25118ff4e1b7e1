package org.lpos.chain.legacy;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.lpos.chain.model.Utxo;
import org.lpos.chain.senate.FollowTheSatoshi;
import org.lpos.chain.senate.Senate;
import org.lpos.chain.senate.StakeIndex;

/**
 * The outcome of verifying a legacy chain file: every problem found, and the state after the
 * last block that verified (its unspent outputs and its q). When a block fails, later blocks are
 * still checked for structure and hashes but not applied, so {@code appliedBlocks} may be less
 * than {@code blockCount} and the state is the last good one.
 *
 * @param blockCount number of elements in the file's top-level array
 * @param appliedBlocks number of leading blocks that verified and were applied to the state
 * @param problems everything wrong, in file order; empty means the file verifies
 * @param utxos the unspent outputs after the applied blocks, in draw order
 * @param lastQ the q of the last applied block (for genesis, its raw q bytes)
 * @param genesisEncoding which genesis encoding block 1's prev_hash named, if it was checked
 */
public record LegacyChainReport(
    int blockCount,
    int appliedBlocks,
    List<LegacyProblem> problems,
    List<Utxo> utxos,
    Optional<ByteString> lastQ,
    Optional<LegacyGenesisEncoding> genesisEncoding) {

  /** Copies the lists. */
  public LegacyChainReport {
    problems = List.copyOf(problems);
    utxos = List.copyOf(utxos);
  }

  /** Whether the file verified without any problem. */
  public boolean isValid() {
    return problems.isEmpty();
  }

  /** A fresh stake index over {@link #utxos}, ready for a draw. */
  public StakeIndex stakeIndex() {
    StakeIndex index = new StakeIndex();
    utxos.forEach(index::add);
    return index;
  }

  /** Total unspent value per owner (48-byte P-192 key), owners in unsigned byte order. */
  public Map<ByteString, Long> balances() {
    Map<ByteString, Long> balances = new TreeMap<>(ByteString.unsignedLexicographicalComparator());
    for (Utxo utxo : utxos) {
      balances.merge(utxo.owner(), utxo.value(), Math::addExact);
    }
    return balances;
  }

  /**
   * The senate of the next height ({@code appliedBlocks}), drawn by follow-the-satoshi over the
   * final unspent outputs and seeded by {@link #lastQ}; empty when no block was applied or no
   * stake remains, since there is then nothing to draw from.
   */
  public Optional<Senate> nextSenate(int seats) {
    if (lastQ.isEmpty() || utxos.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new FollowTheSatoshi().draw(appliedBlocks, lastQ.get(), stakeIndex(), seats));
  }
}
