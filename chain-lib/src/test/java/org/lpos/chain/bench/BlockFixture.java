package org.lpos.chain.bench;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.lpos.chain.block.BlockOutcome;
import org.lpos.chain.block.ChainState;
import org.lpos.chain.block.GenesisOutcome;
import org.lpos.chain.crypto.Hashes;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.genesis.BlockBuilder;
import org.lpos.chain.genesis.GenesisBuilder;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.chain.model.Member;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.model.Scripts;
import org.lpos.chain.model.Transactions;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.ChainParams;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TxInput;
import org.lpos.proto.v1.TxOutput;

/**
 * A deterministic chain for the block benchmarks: a genesis block that spreads {@code utxos}
 * outputs round-robin over {@code members} test members, and a certified block 1 of
 * {@code transactions} signed transactions, where transaction i spends genesis output i (owned
 * by member {@code i mod members}) and pays two outputs, one to a randomly chosen member and the
 * change back, leaving a small fee. Everything derives from the seed, so every run builds the
 * same bytes, and block 1 is valid on every state started from the genesis block.
 */
final class BlockFixture {
  static final String CHAIN_ID = "lpos-bench";
  static final int SENATE_SEATS = 10;
  static final long GENESIS_TIME_MS = 1_767_225_600_000L;
  private static final long FEE = 10;

  final Block genesis;
  final CertifiedBlock block;

  private BlockFixture(Block genesis, CertifiedBlock block) {
    this.genesis = genesis;
    this.block = block;
  }

  /** Builds the genesis block and block 1; fails if block 1 does not validate. */
  static BlockFixture create(long seed, int members, int utxos, int transactions) {
    if (transactions > utxos) {
      throw new IllegalArgumentException("each transaction spends its own genesis output");
    }
    SplittableRandom random = new SplittableRandom(seed);
    List<Member> keys = TestMembers.derive(seed, members);
    List<GenesisBuilder.Allocation> allocations = new ArrayList<>(utxos);
    for (int j = 0; j < utxos; j++) {
      ByteString owner = keys.get(j % members).keys().publicKey();
      allocations.add(new GenesisBuilder.Allocation(owner, 500_000 + random.nextLong(1_000_000)));
    }
    ChainParams params = ChainParams.newBuilder()
        .setChainId(CHAIN_ID)
        .setSenateSeats(SENATE_SEATS)
        .build();
    ByteString q = Hashes.hash(Long.toString(seed).getBytes(StandardCharsets.US_ASCII));
    Block genesis = GenesisBuilder.build(params, q, GENESIS_TIME_MS, allocations);
    ByteString genesisTxId = Transactions.id(genesis.getTransactions(0));

    List<Transaction> txs = new ArrayList<>(transactions);
    for (int i = 0; i < transactions; i++) {
      Member payer = keys.get(i % members);
      ByteString payee = keys.get(random.nextInt(members)).keys().publicKey();
      long value = allocations.get(i).value();
      long paid = 1 + random.nextLong(value - FEE - 1);
      Transaction unsigned = Transaction.newBuilder()
          .addInputs(TxInput.newBuilder().setSpends(new OutputKey(genesisTxId, i).toProto()))
          .addOutputs(TxOutput.newBuilder().setValue(paid).setLock(Scripts.standardLock(payee)))
          .addOutputs(TxOutput.newBuilder()
              .setValue(value - FEE - paid)
              .setLock(Scripts.standardLock(payer.keys().publicKey())))
          .build();
      txs.add(Transactions.sign(CHAIN_ID, unsigned, List.of(payer.keys())));
    }
    Map<ByteString, KeyPair> byKey = new LinkedHashMap<>();
    keys.forEach(m -> byKey.put(m.keys().publicKey(), m.keys()));
    CertifiedBlock block = BlockBuilder.next(start(genesis), txs, GENESIS_TIME_MS + 1_000, byKey);
    BlockOutcome outcome = start(genesis).check(block);
    if (outcome instanceof BlockOutcome.Invalid invalid) {
      throw new IllegalStateException("fixture block is invalid: " + invalid.problems());
    }
    return new BlockFixture(genesis, block);
  }

  /** A fresh chain state after {@link #genesis}, independent of every other. */
  ChainState freshState() {
    return start(genesis);
  }

  private static ChainState start(Block genesis) {
    GenesisOutcome outcome = ChainState.fromGenesis(genesis);
    if (outcome instanceof GenesisOutcome.Started started) {
      return started.state();
    }
    throw new IllegalStateException("fixture genesis is invalid: " + ((GenesisOutcome.Invalid) outcome).problems());
  }
}
