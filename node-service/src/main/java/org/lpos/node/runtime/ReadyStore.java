package org.lpos.node.runtime;

import java.io.IOException;
import java.util.List;
import org.lpos.chain.ledger.UtxoDelta;
import org.lpos.node.consensus.SignerRecord;
import org.lpos.proto.v1.AgreementState;
import org.lpos.proto.v1.CertifiedBlock;

/**
 * Where a step's durable state goes. {@link ReadyApplier} calls these in the one safe order
 * (blocks, agreement state, signer record) and only with something to write; each call returns
 * once the write is durable or throws, and then nothing of the step is sent.
 */
public interface ReadyStore {
  /** A store for cores whose state lives only in memory (scenario tests): it keeps nothing. */
  ReadyStore NONE = new ReadyStore() {
    @Override
    public void appendBlocks(List<CertifiedBlock> committed, List<UtxoDelta> deltas) {}

    @Override
    public void writeAgreement(AgreementState state) {}

    @Override
    public void writeSigner(SignerRecord record) {}
  };

  /** Appends the step's committed blocks (never empty) with their UTXO deltas, in height order. */
  void appendBlocks(List<CertifiedBlock> committed, List<UtxoDelta> deltas) throws IOException;

  /** Records the senator's agreement state (lock, valid value and its proof). */
  void writeAgreement(AgreementState state) throws IOException;

  /** Records what this node signed last, so that a restart never signs a conflicting message. */
  void writeSigner(SignerRecord record) throws IOException;
}
