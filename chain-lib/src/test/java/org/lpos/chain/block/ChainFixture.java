package org.lpos.chain.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.lpos.chain.cert.CommitCertificates;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.genesis.BlockBuilder;
import org.lpos.chain.genesis.GenesisBuilder;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.chain.ledger.InMemoryUtxoSet;
import org.lpos.chain.ledger.Reason;
import org.lpos.chain.ledger.Rejection;
import org.lpos.chain.lottery.SeedProofs;
import org.lpos.chain.model.Blocks;
import org.lpos.chain.model.ChainCaches;
import org.lpos.chain.model.Member;
import org.lpos.chain.model.MerkleRoot;
import org.lpos.chain.model.Scripts;
import org.lpos.chain.model.Transactions;
import org.lpos.chain.model.Utxo;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.BlockHeader;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.ChainParams;
import org.lpos.proto.v1.Lottery;
import org.lpos.proto.v1.SeatDraw;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TxInput;
import org.lpos.proto.v1.TxOutput;

/**
 * A small in-memory chain for tests: deterministic members, a genesis giving each stakeholder two
 * outputs, and helpers to build signed transactions, valid certified blocks, and blocks with one
 * chosen defect (re-certified so that the defect is the only one).
 */
public final class ChainFixture {
  public static final String CHAIN_ID = "lpos-test";
  public static final long GENESIS_TIME_MS = 1_700_000_000_000L;
  public static final long BIG_OUTPUT = 1_000;
  public static final long SMALL_OUTPUT = 400;

  public final List<Member> members;
  public final Map<ByteString, KeyPair> keys = new LinkedHashMap<>();
  public final ChainParams params;
  public final Block genesis;
  public final ChainState state;

  private ChainFixture(ChainParams params, int memberCount, int stakeholders) {
    this(params, memberCount, stakeholders, SeedProofs.ecvrf());
  }

  private ChainFixture(ChainParams params, int memberCount, int stakeholders, SeedProofs proofs) {
    this.params = params;
    this.members = TestMembers.derive(7, memberCount);
    members.forEach(m -> keys.put(m.keys().publicKey(), m.keys()));
    List<GenesisBuilder.Allocation> allocations = new ArrayList<>();
    for (int i = 0; i < stakeholders; i++) {
      allocations.add(new GenesisBuilder.Allocation(pub(i), BIG_OUTPUT));
      allocations.add(new GenesisBuilder.Allocation(pub(i), SMALL_OUTPUT));
    }
    this.genesis = GenesisBuilder.build(params, ByteString.copyFromUtf8("fixture-q"), GENESIS_TIME_MS, allocations);
    GenesisOutcome outcome = ChainState.fromGenesis(genesis, new InMemoryUtxoSet(), new ChainCaches(), proofs);
    this.state = assertInstanceOf(GenesisOutcome.Started.class, outcome, () -> outcome.toString()).state();
  }

  /** Seven seats, ten members of whom the first six hold stake, no size limits. */
  public static ChainFixture standard() {
    return withParams(params(7, 0, 0));
  }

  /** A fixture over {@code params}, with the standard members and stake. */
  public static ChainFixture withParams(ChainParams params) {
    return new ChainFixture(params, 10, 6);
  }

  /**
   * A LOTTERY_VRF chain of {@code seats} seats drawn {@code draw}, the standard members and stake,
   * verifying VRF proofs with {@code proofs}.
   */
  public static ChainFixture vrf(int seats, SeatDraw draw, SeedProofs proofs) {
    return new ChainFixture(params(seats, 0, 0).toBuilder().setLottery(Lottery.LOTTERY_VRF).setSeatDraw(draw).build(),
        10, 6, proofs);
  }

  public static ChainParams params(int seats, int maxTransactions, int maxBytes) {
    return ChainParams.newBuilder()
        .setChainId(CHAIN_ID)
        .setSenateSeats(seats)
        .setMaxBlockTransactions(maxTransactions)
        .setMaxBlockBytes(maxBytes)
        .build();
  }

  public KeyPair key(int member) {
    return members.get(member).keys();
  }

  public ByteString pub(int member) {
    return key(member).publicKey();
  }

  /** The unspent outputs of {@code member}, in draw order. */
  public List<Utxo> utxosOf(int member) {
    List<Utxo> mine = new ArrayList<>();
    state.utxos().forEach(u -> {
      if (u.owner().equals(pub(member))) {
        mine.add(u);
      }
    });
    return mine;
  }

  /** Every unspent output, in draw order. */
  public List<Utxo> allUtxos() {
    List<Utxo> all = new ArrayList<>();
    state.utxos().forEach(all::add);
    return all;
  }

  public static TxOutput output(ByteString owner, long value) {
    return TxOutput.newBuilder().setValue(value).setLock(Scripts.standardLock(owner)).build();
  }

  public TxOutput output(int member, long value) {
    return output(pub(member), value);
  }

  /** The unsigned transaction spending {@code inputs} into {@code outputs}. */
  public static Transaction unsigned(List<Utxo> inputs, List<TxOutput> outputs) {
    Transaction.Builder tx = Transaction.newBuilder();
    inputs.forEach(u -> tx.addInputs(TxInput.newBuilder().setSpends(u.key().toProto())));
    return tx.addAllOutputs(outputs).build();
  }

  /** {@code inputs} spent into {@code outputs}, each input signed by its owner. */
  public Transaction signed(List<Utxo> inputs, List<TxOutput> outputs) {
    List<KeyPair> signers = inputs.stream().map(u -> keys.get(u.owner())).toList();
    return Transactions.sign(CHAIN_ID, unsigned(inputs, outputs), signers);
  }

  /** {@code from}'s owner pays {@code value} of it to {@code toMember}; the rest is a fee. */
  public Transaction pay(Utxo from, int toMember, long value) {
    return signed(List.of(from), List.of(output(toMember, value)));
  }

  /** The next valid certified block holding {@code transactions}, one second after the tip. */
  public CertifiedBlock next(List<Transaction> transactions) {
    return BlockBuilder.next(state, transactions, state.tip().timestampMs() + 1_000, keys);
  }

  /** {@code block} certified by every senator of the next height for its own header. */
  public CertifiedBlock certify(Block block) {
    BlockHeader h = block.getHeader();
    List<KeyPair> signers = state.nextSenate().senators().stream().map(keys::get).toList();
    return CertifiedBlock.newBuilder()
        .setBlock(block)
        .setCertificate(CommitCertificates.certify(CHAIN_ID, h.getHeight(), h.getRound(), Blocks.hash(h), signers))
        .build();
  }

  /** {@code block} with its header changed by {@code change}, re-certified. */
  public CertifiedBlock withHeader(CertifiedBlock block, Consumer<BlockHeader.Builder> change) {
    Block.Builder b = block.getBlock().toBuilder();
    change.accept(b.getHeaderBuilder());
    return certify(b.build());
  }

  /** {@code block} with {@code transactions} instead of its own, merkle root updated, re-certified. */
  public CertifiedBlock withTransactions(CertifiedBlock block, List<Transaction> transactions) {
    Block.Builder b = block.getBlock().toBuilder().clearTransactions().addAllTransactions(transactions);
    b.getHeaderBuilder().setMerkleRoot(MerkleRoot.ofTransactions(transactions));
    return certify(b.build());
  }

  /** Applies a block that must be valid. */
  public BlockOutcome.Valid applyValid(CertifiedBlock block) {
    BlockOutcome outcome = state.apply(block);
    if (outcome instanceof BlockOutcome.Invalid invalid) {
      fail("expected a valid block, got " + invalid.problems());
    }
    return (BlockOutcome.Valid) outcome;
  }

  /** Everything a rejected block must leave untouched. */
  public record Snapshot(ChainTip tip, List<Utxo> utxos, Map<ByteString, Long> balances, long total) {}

  public Snapshot snapshot() {
    return new Snapshot(state.tip(), allUtxos(), state.utxos().balances(), state.utxos().totalValue());
  }

  /**
   * Applies {@code block}, asserts that it is rejected with exactly {@code expected} (one entry per
   * problem, in order) and that the state did not change.
   */
  public List<Rejection> assertRejected(CertifiedBlock block, Reason... expected) {
    Snapshot before = snapshot();
    BlockOutcome outcome = state.apply(block);
    BlockOutcome.Invalid invalid = assertInstanceOf(BlockOutcome.Invalid.class, outcome, "block must be rejected");
    assertEquals(List.of(expected), invalid.problems().stream().map(Rejection::reason).toList(),
        () -> "problems: " + invalid.problems());
    assertEquals(before, snapshot(), "a rejected block changes nothing");
    return invalid.problems();
  }
}
