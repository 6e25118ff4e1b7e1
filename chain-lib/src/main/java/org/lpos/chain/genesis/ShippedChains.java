package org.lpos.chain.genesis;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lpos.chain.block.BlockOutcome;
import org.lpos.chain.block.ChainState;
import org.lpos.chain.block.GenesisOutcome;
import org.lpos.chain.chainfile.ChainFiles;
import org.lpos.chain.crypto.Hashes;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.model.Member;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.model.Scripts;
import org.lpos.chain.model.Transactions;
import org.lpos.chain.model.Utxo;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.ChainFile;
import org.lpos.proto.v1.ChainParams;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TxInput;
import org.lpos.proto.v1.TxOutput;

/**
 * The three chains of the original, rebuilt on LPOS rules: {@code genic} (genesis gives 1,000,000
 * to member 0), {@code 10_rich_man} and {@code 100_rich_man} (genesis plus one certified block in
 * which member 0 pays 100,000 to each of members 0-9, resp. 10,000 to each of members 0-99).
 * Everything is derived from the parameters and the member keys, so the files are reproducible.
 */
public final class ShippedChains {
  /** Genesis value, as in the original. */
  public static final long GENESIS_VALUE = 1_000_000;

  /** Genesis timestamp: 2026-01-01T00:00:00Z. */
  public static final long GENESIS_TIME_MS = 1_767_225_600_000L;

  /** The genesis seed q: H("genic_q"), after the original's genesis q. */
  public static final ByteString GENESIS_Q = Hashes.hash("genic_q".getBytes(StandardCharsets.US_ASCII));

  private ShippedChains() {}

  /** The genic chain: genesis only. */
  public static ChainFile genic(ChainParams params, List<Member> members) {
    return ChainFile.newBuilder().setFormat(ChainFiles.FORMAT).addBlocks(genesisBlock(params, members)).build();
  }

  /** Genesis plus one block in which member 0 pays {@code GENESIS_VALUE / richMen} to each of members 0..richMen-1. */
  public static ChainFile richMen(ChainParams params, List<Member> members, int richMen) {
    if (richMen < 1 || richMen > members.size() || GENESIS_VALUE % richMen != 0) {
      throw new IllegalArgumentException("rich men must divide " + GENESIS_VALUE + " and exist: " + richMen);
    }
    CertifiedBlock genesis = genesisBlock(params, members);
    ChainState state = start(genesis.getBlock());
    Member payer = members.get(0);
    Utxo source = state.utxos().find(new OutputKey(
        Transactions.id(genesis.getBlock().getTransactions(0)), 0)).orElseThrow();
    Transaction.Builder tx = Transaction.newBuilder()
        .addInputs(TxInput.newBuilder().setSpends(source.key().toProto()));
    for (int i = 0; i < richMen; i++) {
      tx.addOutputs(TxOutput.newBuilder()
          .setValue(GENESIS_VALUE / richMen)
          .setLock(Scripts.standardLock(members.get(i).keys().publicKey())));
    }
    Transaction signed = Transactions.sign(params.getChainId(), tx.build(), List.of(payer.keys()));
    Map<ByteString, KeyPair> keys = new LinkedHashMap<>();
    members.forEach(m -> keys.put(m.keys().publicKey(), m.keys()));
    CertifiedBlock block = BlockBuilder.next(state, List.of(signed), GENESIS_TIME_MS + 1_000, keys);
    BlockOutcome outcome = state.apply(block);
    if (outcome instanceof BlockOutcome.Invalid invalid) {
      throw new IllegalStateException("generated block is invalid: " + invalid.problems());
    }
    return ChainFile.newBuilder().setFormat(ChainFiles.FORMAT).addBlocks(genesis).addBlocks(block).build();
  }

  private static CertifiedBlock genesisBlock(ChainParams params, List<Member> members) {
    Block genesis = GenesisBuilder.build(params, GENESIS_Q, GENESIS_TIME_MS,
        List.of(new GenesisBuilder.Allocation(members.get(0).keys().publicKey(), GENESIS_VALUE)));
    return CertifiedBlock.newBuilder().setBlock(genesis).build();
  }

  private static ChainState start(Block genesis) {
    GenesisOutcome outcome = ChainState.fromGenesis(genesis);
    if (outcome instanceof GenesisOutcome.Started started) {
      return started.state();
    }
    throw new IllegalStateException("generated genesis is invalid: " + ((GenesisOutcome.Invalid) outcome).problems());
  }
}
