package org.lpos.node.runtime;

import com.google.protobuf.ByteString;
import java.util.List;
import org.lpos.chain.ledger.Rejection;
import org.lpos.chain.ledger.UtxoDelta;
import org.lpos.node.consensus.Outbound;
import org.lpos.node.consensus.Ready;
import org.lpos.node.consensus.SignerRecord;
import org.lpos.proto.v1.AgreementState;
import org.lpos.proto.v1.CertifiedBlock;

/**
 * A driver sink for tests that stores nothing, sends nothing and ignores reports; a test overrides
 * the calls it watches.
 */
public class DiscardingSink implements NodeDriver.Sink {
  @Override
  public void appendBlocks(List<CertifiedBlock> committed, List<UtxoDelta> deltas) {}

  @Override
  public void writeAgreement(AgreementState state) {}

  @Override
  public void writeSigner(SignerRecord record) {}

  @Override
  public void send(List<Outbound> messages) {}

  @Override
  public void applied(Ready ready) {}

  @Override
  public void misbehaved(ByteString peer, Rejection rejection) {}
}
