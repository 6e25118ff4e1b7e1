package org.lpos.node.store;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lpos.chain.block.BlockOutcome;
import org.lpos.chain.block.ChainState;
import org.lpos.chain.block.GenesisOutcome;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.genesis.BlockBuilder;
import org.lpos.chain.genesis.GenesisBuilder;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.chain.ledger.UtxoDelta;
import org.lpos.chain.model.Member;
import org.lpos.chain.model.Scripts;
import org.lpos.chain.model.Transactions;
import org.lpos.chain.model.Utxo;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.ChainParams;
import org.lpos.proto.v1.Lottery;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TxInput;
import org.lpos.proto.v1.TxOutput;

/**
 * A small valid chain for store tests: four stakeholders, four seats, and blocks in which one
 * member pays the next (so every block spends and creates outputs). Deterministic.
 */
final class StoreFixture {
  static final String CHAIN_ID = "lpos-store-test";
  static final long GENESIS_TIME_MS = 1_700_000_000_000L;

  final List<Member> members = TestMembers.derive(11, 4);
  final Map<ByteString, KeyPair> keys = new LinkedHashMap<>();
  final Block genesis;
  final ChainState state;
  final List<CertifiedBlock> blocks = new ArrayList<>();
  final List<UtxoDelta> deltas = new ArrayList<>();

  StoreFixture() {
    this(Lottery.LOTTERY_DIRECTOR);
  }

  /** The fixture's chain drawing by {@code lottery}. */
  StoreFixture(Lottery lottery) {
    members.forEach(m -> keys.put(m.keys().publicKey(), m.keys()));
    ChainParams params = ChainParams.newBuilder().setChainId(CHAIN_ID).setSenateSeats(4).setLottery(lottery).build();
    List<GenesisBuilder.Allocation> allocations = new ArrayList<>();
    for (Member m : members) {
      allocations.add(new GenesisBuilder.Allocation(m.keys().publicKey(), 1_000_000));
    }
    genesis = GenesisBuilder.build(params, ByteString.copyFromUtf8("store-q"), GENESIS_TIME_MS, allocations);
    state = ((GenesisOutcome.Started) ChainState.fromGenesis(genesis)).state();
  }

  /**
   * Builds, applies and records the next block, in which member {@code i % 4} pays the next member
   * from its first output that can pay 10 and a fee of 1.
   */
  CertifiedBlock grow() {
    int payer = blocks.size() % members.size();
    KeyPair from = members.get(payer).keys();
    Utxo input = null;
    for (Utxo u : outputs()) {
      if (u.owner().equals(from.publicKey()) && u.value() > 11) {
        input = u;
        break;
      }
    }
    ByteString to = members.get((payer + 1) % members.size()).keys().publicKey();
    Transaction unsigned = Transaction.newBuilder()
        .addInputs(TxInput.newBuilder().setSpends(input.key().toProto()))
        .addOutputs(TxOutput.newBuilder().setValue(10).setLock(Scripts.standardLock(to)))
        .addOutputs(TxOutput.newBuilder().setValue(input.value() - 11).setLock(Scripts.standardLock(from.publicKey())))
        .build();
    Transaction tx = Transactions.sign(CHAIN_ID, unsigned, List.of(from));
    CertifiedBlock cb = BlockBuilder.next(state, List.of(tx), state.tip().timestampMs() + 1_000, keys);
    BlockOutcome outcome = state.apply(cb);
    if (!(outcome instanceof BlockOutcome.Valid valid)) {
      throw new IllegalStateException("the fixture built an invalid block: " + outcome);
    }
    blocks.add(cb);
    deltas.add(valid.delta());
    return cb;
  }

  /** Every unspent output after the last block, in draw order. */
  List<Utxo> outputs() {
    List<Utxo> all = new ArrayList<>();
    state.utxos().forEach(all::add);
    return all;
  }
}
