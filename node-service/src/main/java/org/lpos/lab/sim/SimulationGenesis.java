package org.lpos.lab.sim;

import java.util.ArrayList;
import java.util.List;
import org.lpos.chain.genesis.GenesisBuilder;
import org.lpos.chain.genesis.ShippedChains;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.chain.model.Member;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.ChainParams;

/**
 * The chain a simulation runs on: chain id {@code lpos-sim}, the requested seats, and a genesis
 * that gives each of the first min(nodes, 100) members several outputs (like 100_rich_man, but in
 * genesis, so every stakeholder can transact from the first height).
 *
 * @param members the derived members; member i is node i
 * @param genesis the genesis block
 * @param totalValue the value genesis creates
 */
public record SimulationGenesis(List<Member> members, Block genesis, long totalValue) {
  /** The chain id of simulated chains. */
  public static final String CHAIN_ID = "lpos-sim";

  /** Outputs each stakeholder receives in genesis: more outputs let it keep more transactions pending. */
  public static final int OUTPUTS_PER_STAKEHOLDER = 4;

  /** Value of each genesis output. */
  public static final long OUTPUT_VALUE = 2_500;

  /** The genesis of a simulation with this configuration. */
  public static SimulationGenesis of(SimulationConfig config) {
    List<Member> members = TestMembers.derive(42, Math.max(config.nodes(), SimulationConfig.MIN_MEMBERS));
    ChainParams params = ChainParams.newBuilder()
        .setChainId(CHAIN_ID)
        .setSenateSeats(config.senateSeats())
        .setSeatDraw(config.seatDraw())
        .setLottery(config.lottery())
        .build();
    List<GenesisBuilder.Allocation> allocations = new ArrayList<>();
    for (int i = 0; i < config.stakeholders(); i++) {
      for (int k = 0; k < OUTPUTS_PER_STAKEHOLDER; k++) {
        allocations.add(new GenesisBuilder.Allocation(members.get(i).keys().publicKey(), OUTPUT_VALUE));
      }
    }
    Block genesis = GenesisBuilder.build(params, ShippedChains.GENESIS_Q, ShippedChains.GENESIS_TIME_MS, allocations);
    return new SimulationGenesis(members.subList(0, config.nodes()), genesis,
        (long) allocations.size() * OUTPUT_VALUE);
  }
}
