package org.lpos.chain.legacy;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lpos.chain.model.Utxo;
import org.lpos.chain.senate.FollowTheSatoshi;
import org.lpos.chain.senate.Senate;
import org.lpos.proto.v1.LegacyBlock;

/**
 * Replays and verifies a chain file of the original Python prototype (PROTOCOL §10): per block
 * the merkle root and the link to the previous block's hash; then, while every earlier block
 * verified, the director's claim and q, the senate's signatures against the senate drawn from the
 * state before the block (follow-the-satoshi, {@link #SEATS} seats, seeded by the previous q),
 * and the transactions under UTXO rules. Damage is reported as {@link LegacyProblem}s.
 *
 * <p>The genesis quirk: the prototype's files disagree on how the genesis block was hashed.
 * {@code chain_10_rich_man.json}'s block 1 names the hash of the genesis with its empty director
 * signature and txo_idx encoded, as the prototype encodes every message field, while
 * {@code chain_100_rich_man.json}'s names the hash of the same genesis with its director
 * competition holding only q (found by trying encodings until one matched). Both genesis blocks
 * are otherwise identical, so for the link from block 1 to block 0, and only there, either
 * {@link LegacyGenesisEncoding} is accepted, and the report says which one matched. No other
 * block gets this leniency.
 */
public final class LegacyChainVerifier {
  /** Seats of the prototype's senate (N); its quorum is N - floor((N-1)/3) = 7. */
  public static final int SEATS = 10;

  private static final FollowTheSatoshi DRAW = new FollowTheSatoshi();

  private LegacyChainVerifier() {}

  /** Reads and verifies the file at {@code path}; an unreadable file is one problem. */
  public static LegacyChainReport verify(Path path) {
    String json;
    try {
      json = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      LegacyProblem unreadable = new LegacyProblem(LegacyLocation.file(), "(file)", "cannot read " + path + ": " + e);
      return new LegacyChainReport(0, 0, List.of(unreadable), List.of(), Optional.empty(), Optional.empty());
    }
    return verify(json);
  }

  /** Verifies the chain JSON {@code json}. */
  public static LegacyChainReport verify(String json) {
    return verify(LegacyChainReader.read(json));
  }

  /** Verifies an already decoded file. */
  public static LegacyChainReport verify(LegacyChainFile file) {
    return new Replay(file).run();
  }

  /** The mutable walk over one file; confined to a single call of verify. */
  private static final class Replay {
    private final LegacyChainFile file;
    private final List<LegacyProblem> problems;
    private LegacyLedger ledger = new LegacyLedger();
    private Optional<ByteString> lastQ = Optional.empty();
    private int applied;
    private boolean applying = true;
    private Map<LegacyGenesisEncoding, ByteString> previousHashes = Map.of();
    private Optional<LegacyGenesisEncoding> genesisEncoding = Optional.empty();

    Replay(LegacyChainFile file) {
      this.file = file;
      this.problems = new ArrayList<>(file.problems());
    }

    LegacyChainReport run() {
      for (LegacyBlockEntry entry : file.blocks()) {
        // Java 17 has no pattern switch; the sealed interface keeps these two branches exhaustive.
        if (entry instanceof LegacyBlockEntry.Decoded decoded) {
          check(decoded.index(), decoded.block());
        } else if (entry instanceof LegacyBlockEntry.Malformed malformed) {
          problems.add(malformed.problem());
          applying = false;
          previousHashes = Map.of();
        }
      }
      List<Utxo> utxos = ledger.utxos();
      return new LegacyChainReport(file.blocks().size(), applied, problems, utxos, lastQ, genesisEncoding);
    }

    private void check(int height, LegacyBlock block) {
      int before = problems.size();
      LegacyLocation at = LegacyLocation.ofBlock(height);
      if (!LegacyEncoding.merkleRoot(block).equals(block.getMerkleRoot())) {
        problems.add(new LegacyProblem(at, "merkle_root", "merkle_root does not match the transactions"));
      }
      if (height > 0 && !previousHashes.isEmpty()) {
        checkLink(height, block, at);
      }
      if (applying) {
        apply(height, block, at, before);
      }
      previousHashes = height == 0 ? genesisHashes(block) : Map.of(LegacyGenesisEncoding.FULL, LegacyEncoding.blockHash(block));
    }

    private void checkLink(int height, LegacyBlock block, LegacyLocation at) {
      for (Map.Entry<LegacyGenesisEncoding, ByteString> candidate : previousHashes.entrySet()) {
        if (candidate.getValue().equals(block.getPrevHash())) {
          if (height == 1) {
            genesisEncoding = Optional.of(candidate.getKey());
          }
          return;
        }
      }
      problems.add(new LegacyProblem(at, "prev_hash", "prev_hash is not the hash of block " + (height - 1)));
    }

    private void apply(int height, LegacyBlock block, LegacyLocation at, int problemsBefore) {
      LegacyLedger working = ledger.copy();
      if (height == 0) {
        LegacyTransactionRules.applyGenesis(block, at, working, problems);
      } else {
        checkAgreement(height, block, at);
        LegacyTransactionRules.apply(block, at, working, problems);
      }
      if (problems.size() == problemsBefore) {
        ledger = working;
        lastQ = Optional.of(block.getDirectorCompetition().getQ());
        applied++;
      } else {
        applying = false;
      }
    }

    private void checkAgreement(int height, LegacyBlock block, LegacyLocation at) {
      ByteString previousQ = lastQ.orElseThrow();
      LegacyConsensusRules.checkDirector(block, at, ledger, previousQ, problems);
      if (ledger.utxos().isEmpty()) {
        problems.add(new LegacyProblem(at, "senates_signature", "no stake to draw the senate of height " + height + " from"));
        return;
      }
      Senate senate = DRAW.draw(height, previousQ, ledger.stakeIndex(), SEATS);
      LegacyConsensusRules.checkSenate(block, at, senate, problems);
    }

    private static Map<LegacyGenesisEncoding, ByteString> genesisHashes(LegacyBlock genesis) {
      Map<LegacyGenesisEncoding, ByteString> hashes = new EnumMap<>(LegacyGenesisEncoding.class);
      for (LegacyGenesisEncoding encoding : LegacyGenesisEncoding.values()) {
        LegacyEncoding.genesisHash(genesis, encoding).ifPresent(hash -> hashes.put(encoding, hash));
      }
      return hashes;
    }
  }
}
