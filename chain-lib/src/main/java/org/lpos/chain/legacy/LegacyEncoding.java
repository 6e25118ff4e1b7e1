package org.lpos.chain.legacy;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lpos.chain.crypto.Hashes;
import org.lpos.chain.model.MerkleRoot;
import org.lpos.proto.v1.LegacyBlock;
import org.lpos.proto.v1.LegacyDirectorCompetition;
import org.lpos.proto.v1.LegacyScript;
import org.lpos.proto.v1.LegacyTransaction;
import org.lpos.proto.v1.LegacyTxInput;
import org.lpos.proto.v1.LegacyTxOutput;

/**
 * The bytes the prototype hashed and signed (PROTOCOL §10): tx ids, the merkle root, block hashes
 * and the messages of the four signature kinds. All of them are protobuf-java serializations of
 * messages whose message fields were set explicitly, which reproduces the prototype's encoding.
 */
public final class LegacyEncoding {
  private LegacyEncoding() {}

  /** {@code H(serialize(tx))}. */
  public static ByteString txId(LegacyTransaction tx) {
    return Hashes.hashOf(tx);
  }

  /** The merkle root over tx ids: the original's rule, which LPOS kept ({@link MerkleRoot}). */
  public static ByteString merkleRoot(List<ByteString> txIds) {
    return MerkleRoot.of(txIds);
  }

  /** The merkle root of a block's transactions as they are. */
  public static ByteString merkleRoot(LegacyBlock block) {
    List<ByteString> ids = new ArrayList<>(block.getTxsCount());
    for (LegacyTransaction tx : block.getTxsList()) {
      ids.add(txId(tx));
    }
    return merkleRoot(ids);
  }

  /** {@code H(serialize(block))}, signatures and director competition included. */
  public static ByteString blockHash(LegacyBlock block) {
    return Hashes.hashOf(block);
  }

  /**
   * The genesis hash under {@code encoding}, or empty when {@link LegacyGenesisEncoding#Q_ONLY}
   * would drop content (a non-empty director signature or txo_idx), where it cannot apply.
   */
  public static Optional<ByteString> genesisHash(LegacyBlock genesis, LegacyGenesisEncoding encoding) {
    if (encoding == LegacyGenesisEncoding.FULL) {
      return Optional.of(blockHash(genesis));
    }
    LegacyDirectorCompetition competition = genesis.getDirectorCompetition();
    boolean onlyQ = competition.getSignature().getSerializedSize() == 0
        && competition.getTxoIdx().getSerializedSize() == 0;
    if (!onlyQ) {
      return Optional.empty();
    }
    LegacyBlock stripped = genesis.toBuilder()
        .setDirectorCompetition(LegacyDirectorCompetition.newBuilder().setQ(competition.getQ()))
        .build();
    return Optional.of(blockHash(stripped));
  }

  /**
   * What each input of {@code tx} signs: every input serialized with an empty (but present)
   * script, then every output serialized, concatenated without length prefixes.
   */
  public static byte[] inputSignBytes(LegacyTransaction tx) {
    ByteString bytes = ByteString.EMPTY;
    for (LegacyTxInput input : tx.getInputsList()) {
      bytes = bytes.concat(input.toBuilder().setScript(LegacyScript.getDefaultInstance()).build().toByteString());
    }
    for (LegacyTxOutput output : tx.getOutputsList()) {
      bytes = bytes.concat(output.toByteString());
    }
    return bytes.toByteArray();
  }

  /** What the director signs: {@code prev hash || txo tx hash || ASCII decimal of txo index}. */
  public static byte[] directorSignBytes(ByteString prevHash, LegacyDirectorCompetition competition) {
    ByteString index = ByteString.copyFrom(
        Integer.toString(competition.getTxoIdx().getTransactionIdx()), StandardCharsets.US_ASCII);
    return prevHash.concat(competition.getTxoIdx().getTransactionHash()).concat(index).toByteArray();
  }

  /** What the director's q signs: {@code H(previous q)}. */
  public static byte[] qSignBytes(ByteString previousQ) {
    return Hashes.doubleSha256(previousQ.toByteArray());
  }

  /** What each senator signs: {@code serialize(director_competition) || merkle_root}. */
  public static byte[] senateSignBytes(LegacyBlock block) {
    return block.getDirectorCompetition().toByteString().concat(block.getMerkleRoot()).toByteArray();
  }
}
