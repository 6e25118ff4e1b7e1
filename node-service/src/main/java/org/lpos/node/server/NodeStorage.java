package org.lpos.node.server;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.lpos.chain.model.ChainCaches;
import org.lpos.chain.block.ChainState;
import org.lpos.node.consensus.BlockArchive;
import org.lpos.node.consensus.PersistedState;
import org.lpos.node.consensus.SignerRecord;
import org.lpos.node.store.AgreementStateFile;
import org.lpos.node.store.ChainStore;
import org.lpos.node.store.InMemoryBlocks;
import org.lpos.node.store.SignerStateFile;
import org.lpos.node.store.StoredChain;
import org.lpos.proto.v1.AgreementState;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.CertifiedBlock;

/**
 * What a node keeps between runs, opened at start. With a data directory: the chain store
 * (initialized from the chain file the first time), the signer record and the agreement state;
 * without one: the chain file's blocks in memory and nothing else. Exactly one of
 * {@code store} and {@code memoryArchive} is set, and the state files only with the store.
 *
 * @param signerState the signer record's file, or null without a data directory
 * @param agreementState the agreement state's file, or null without a data directory
 * @param store the durable chain store, or null without a data directory
 * @param memoryArchive the blocks in memory, or null with a data directory
 * @param persisted what the core starts from
 */
record NodeStorage(SignerStateFile signerState, AgreementStateFile agreementState, ChainStore store,
    InMemoryBlocks memoryArchive, PersistedState persisted) {
  private static final Logger LOG = Logger.getLogger(NodeStorage.class.getName());

  /** Opens what {@code config} says the node keeps; a store that cannot be restored is closed again. */
  static NodeStorage open(NodeConfig config, ChainCaches caches) throws IOException {
    Block genesis = config.chain().getBlocks(0).getBlock();
    List<CertifiedBlock> after = config.chain().getBlocksList().subList(1, config.chain().getBlocksCount());
    if (config.dataDir() == null) {
      InMemoryBlocks memoryArchive = new InMemoryBlocks();
      after.forEach(memoryArchive::append);
      return new NodeStorage(null, null, null, memoryArchive,
          new PersistedState(Optional.empty(), memoryArchive, Optional.empty()));
    }
    SignerStateFile signerState = new SignerStateFile(config.dataDir());
    Optional<SignerRecord> signed = signerState.read();
    AgreementStateFile agreementState = new AgreementStateFile(config.dataDir());
    Optional<AgreementState> agreed = agreementState.read();
    ChainStore store = ChainStore.open(config.dataDir().resolve(LposNode.CHAIN_STORE_DIR));
    try {
      if (store.isEmpty()) {
        store.initialize(genesis, after, StoredChain.fromChainFile(genesis, after));
      }
      ChainState restored = store.restore(genesis, caches);
      LOG.info(() -> "chain store " + config.dataDir().resolve(LposNode.CHAIN_STORE_DIR) + " at height "
          + restored.tip().height());
      return new NodeStorage(signerState, agreementState, store, null,
          new PersistedState(Optional.of(restored), store, signed, agreed));
    } catch (IOException | RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** Where the node's certified blocks are read from. */
  BlockArchive archive() {
    return store != null ? store : memoryArchive;
  }
}
