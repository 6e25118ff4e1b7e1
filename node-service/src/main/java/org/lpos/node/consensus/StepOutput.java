package org.lpos.node.consensus;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.lpos.chain.ledger.Rejection;
import org.lpos.chain.ledger.UtxoDelta;
import org.lpos.proto.v1.AgreementState;
import org.lpos.proto.v1.CertifiedBlock;

/** Accumulates the outputs of one step of the core, in the order they happened, until {@link #take}. */
final class StepOutput {
  private final List<CertifiedBlock> committed = new ArrayList<>();
  private final List<UtxoDelta> deltas = new ArrayList<>();
  private final List<Outbound> messages = new ArrayList<>();
  private final List<Rejection> rejected = new ArrayList<>();
  private final List<Equivocation> evidence = new ArrayList<>();
  private final List<Offence> offences = new ArrayList<>();
  private boolean signed;

  /** Forgets what an earlier step left (one that threw before {@link #take}). */
  void clear() {
    committed.clear();
    deltas.clear();
    messages.clear();
    rejected.clear();
    evidence.clear();
    offences.clear();
    signed = false;
  }

  void committed(CertifiedBlock block, UtxoDelta delta) {
    committed.add(block);
    deltas.add(delta);
  }

  void send(Outbound message) {
    messages.add(message);
  }

  /** Notes that the signer guard recorded a new signature this step. */
  void signed() {
    signed = true;
  }

  /** Records a refused input; one that blames its sender is also charged to {@code peer} (if known). */
  void reject(ByteString peer, Rejection rejection) {
    rejected.add(rejection);
    if (peer != null && Offence.blamesSender(rejection.reason())) {
      offences.add(new Offence(peer, rejection));
    }
  }

  void evidence(Equivocation e) {
    evidence.add(e);
  }

  /** The step's {@link Ready}, with {@code signer} included only if the step signed; then clears. */
  Ready take(Optional<SignerRecord> signer, Optional<AgreementState> agreement, OptionalLong wakeUpAtMs) {
    Ready ready = new Ready(signed ? signer : Optional.empty(), agreement, committed, deltas, messages, wakeUpAtMs,
        rejected, evidence, offences);
    clear();
    return ready;
  }
}
