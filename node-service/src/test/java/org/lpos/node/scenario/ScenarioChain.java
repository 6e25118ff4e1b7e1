package org.lpos.node.scenario;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import org.lpos.chain.block.ChainState;
import org.lpos.chain.block.GenesisOutcome;
import org.lpos.chain.genesis.GenesisBuilder;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.chain.model.Member;
import org.lpos.chain.model.Scripts;
import org.lpos.chain.model.Transactions;
import org.lpos.chain.model.Utxo;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.ChainParams;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TxInput;
import org.lpos.proto.v1.TxOutput;

/**
 * The chain a scenario runs on, the same for every transport: members derived from a seed, each
 * with {@code outputsPerMember} genesis outputs of its stake, and payments that each spend one
 * genesis output (so a payment never waits for another to commit).
 *
 * @param chainId the chain's id (transactions are signed for it)
 * @param members one member per node, node i is member i
 * @param genesis the genesis block every node starts from
 */
public record ScenarioChain(String chainId, List<Member> members, Block genesis) {
  /** The fee every scenario payment burns. */
  public static final long FEE = 1;

  /**
   * A chain for {@code stakes.length} members derived from {@code seed}: member i holds
   * {@code outputsPerMember} outputs of {@code stakes[i]}; {@code seats} senate seats.
   */
  public static ScenarioChain of(long seed, long[] stakes, int outputsPerMember, int seats) {
    String chainId = "lpos-scenario";
    List<Member> members = TestMembers.derive(seed, stakes.length);
    List<GenesisBuilder.Allocation> allocations = new ArrayList<>();
    for (int i = 0; i < stakes.length; i++) {
      for (int k = 0; k < outputsPerMember; k++) {
        allocations.add(new GenesisBuilder.Allocation(members.get(i).keys().publicKey(), stakes[i]));
      }
    }
    ChainParams params = ChainParams.newBuilder().setChainId(chainId).setSenateSeats(seats)
        .setMaxBlockTransactions(1_000).setMaxBlockBytes(1 << 20).build();
    return new ScenarioChain(chainId, List.copyOf(members),
        GenesisBuilder.build(params, ByteString.copyFromUtf8("scenario-" + seed), 0, allocations));
  }

  /** A chain started from the genesis block alone. */
  public ChainState start() {
    GenesisOutcome outcome = ChainState.fromGenesis(genesis);
    if (outcome instanceof GenesisOutcome.Started started) {
      return started.state();
    }
    throw new IllegalStateException("invalid scenario genesis: " + outcome);
  }

  /** The genesis outputs of member {@code member}, in a fixed order. */
  public List<Utxo> genesisOutputs(int member) {
    ByteString owner = members.get(member).keys().publicKey();
    List<Utxo> mine = new ArrayList<>();
    start().utxos().forEachOwnedBy(owner, mine::add);
    mine.sort((a, b) -> a.key().compareTo(b.key()));
    return mine;
  }

  /** A payment of {@code value} from {@code source} (member {@code from}'s) to {@code to}, change back, {@link #FEE} burnt. */
  public Transaction payment(int from, Utxo source, int to, long value) {
    Transaction tx = Transaction.newBuilder()
        .addInputs(TxInput.newBuilder().setSpends(source.key().toProto()))
        .addOutputs(TxOutput.newBuilder().setValue(value).setLock(Scripts.standardLock(members.get(to).keys().publicKey())))
        .addOutputs(TxOutput.newBuilder().setValue(source.value() - value - FEE)
            .setLock(Scripts.standardLock(members.get(from).keys().publicKey())))
        .build();
    return Transactions.sign(chainId, tx, List.of(members.get(from).keys()));
  }
}
