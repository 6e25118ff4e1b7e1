package org.lpos.lab.sim;

import java.util.List;
import java.util.Optional;
import org.lpos.chain.ledger.UtxoDelta;
import org.lpos.chain.model.ChainCaches;
import org.lpos.chain.model.Member;
import org.lpos.node.consensus.ConsensusConfig;
import org.lpos.node.consensus.MemoryBlockArchive;
import org.lpos.node.consensus.NodeCore;
import org.lpos.node.consensus.PersistedState;
import org.lpos.node.consensus.Ready;
import org.lpos.node.consensus.SignerRecord;
import org.lpos.node.runtime.ReadyStore;
import org.lpos.proto.v1.AgreementState;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.lab.byzantine.ByzantineBehaviour;

/**
 * One simulated node: its member key, its core (replaced on restart), what it persisted, whether
 * it is up, its gossip peers and its client wallet. A crash throws the core away and keeps only
 * the persisted state; a restart builds a new core from it. What a step persists comes through
 * the {@link ReadyStore} it is to the node's {@link org.lpos.node.runtime.ReadyApplier}.
 */
final class SimulatedNode implements ReadyStore {
  final int index;
  final Member member;
  final String name;
  final Wallet wallet;
  final ByzantineBehaviour<Integer> byzantine;
  int[] peers = new int[0];
  private final ConsensusConfig config;
  private final Block genesis;
  /** The simulation's caches, shared by its nodes: verification results do not depend on who asks. */
  private final ChainCaches caches;
  private final MemoryBlockArchive persistedBlocks = new MemoryBlockArchive();
  private Optional<SignerRecord> persistedSigner = Optional.empty();
  private Optional<AgreementState> persistedAgreement = Optional.empty();
  private NodeCore core;
  private boolean up;
  private int epoch;
  long nextTickAtMs = Long.MAX_VALUE;
  boolean crashAfterPersist;
  long pendingDownMs;
  long lastCommitAtMs;
  boolean committedAfterFaults;

  SimulatedNode(int index, Member member, ConsensusConfig config, Block genesis, ByzantineBehaviour<Integer> byzantine,
      ChainCaches caches) {
    this.index = index;
    this.caches = caches;
    this.member = member;
    this.name = member.name();
    this.config = config;
    this.genesis = genesis;
    this.byzantine = byzantine;
    this.wallet = new Wallet(member.keys(), genesis.getHeader().getChainId(), genesis);
  }

  /**
   * Builds a core from the persisted state, marks the node up and starts the core. The core
   * replays the persisted blocks (a simulated node keeps no UTXO snapshot), which gives the same
   * state a node's store restores.
   */
  Ready boot(long nowMs) {
    core = new NodeCore(config, member.keys(), genesis,
        new PersistedState(Optional.empty(), persistedBlocks, persistedSigner, persistedAgreement), caches);
    up = true;
    epoch++;
    nextTickAtMs = Long.MAX_VALUE;
    return core.start(nowMs);
  }

  @Override
  public void appendBlocks(List<CertifiedBlock> committed, List<UtxoDelta> deltas) {
    committed.forEach(persistedBlocks::append);
  }

  @Override
  public void writeAgreement(AgreementState state) {
    persistedAgreement = Optional.of(state);
  }

  @Override
  public void writeSigner(SignerRecord record) {
    persistedSigner = Optional.of(record);
  }

  /** Stops the node: its core and everything not persisted are lost. */
  void crash() {
    up = false;
    core = null;
    crashAfterPersist = false;
    nextTickAtMs = Long.MAX_VALUE;
  }

  boolean isUp() {
    return up;
  }

  boolean isHonest() {
    return byzantine == null;
  }

  int epoch() {
    return epoch;
  }

  NodeCore core() {
    return core;
  }

  /** Committed height: the persisted blocks (a running node persists each commit at once). */
  long height() {
    return persistedBlocks.lastHeight();
  }
}
