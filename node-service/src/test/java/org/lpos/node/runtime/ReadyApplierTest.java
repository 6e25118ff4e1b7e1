package org.lpos.node.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.lpos.chain.ledger.UtxoDelta;
import org.lpos.node.consensus.Outbound;
import org.lpos.node.consensus.Ready;
import org.lpos.node.consensus.SignerRecord;
import org.lpos.proto.v1.AgreementState;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.BlockHeader;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.StatusAnnouncement;

/**
 * The one order every shell applies a step in: blocks, agreement state, signer record; then the
 * messages; then the reports and the wake-up. A write that fails stops the step before anything
 * leaves.
 */
class ReadyApplierTest {
  private static final PeerMessage STATUS =
      PeerMessage.newBuilder().setStatus(StatusAnnouncement.newBuilder().setHeight(2)).build();

  private final List<String> calls = new ArrayList<>();

  @Test
  void persistsInOrderThenSendsThenReports() {
    applier(null).apply(fullStep());
    assertEquals(List.of("blocks 1", "agreement", "signer", "durable", "send 1", "applied", "wake-up 42"), calls);
  }

  @Test
  void aStepWithNothingToPersistWritesNothing() {
    applier(null).apply(new Ready(Optional.empty(), Optional.empty(), List.of(), List.of(),
        List.of(new Outbound.ToPeer(ByteString.EMPTY, STATUS)), OptionalLong.empty(), List.of(), List.of(), List.of()));
    assertEquals(List.of("durable", "send 1", "applied", "wake-up none"), calls);
  }

  @Test
  void aFailedWriteSendsAndReportsNothing() {
    IOException disk = new IOException("disk full");
    UncheckedIOException thrown = assertThrows(UncheckedIOException.class, () -> applier(disk).apply(fullStep()));
    assertSame(disk, thrown.getCause());
    assertEquals(List.of("blocks 1", "agreement"), calls, "the signer record write failed: nothing after it");
  }

  /** An applier recording every call; the signer record write throws {@code signerFailure} when given. */
  private ReadyApplier applier(IOException signerFailure) {
    ReadyStore store = new ReadyStore() {
      @Override
      public void appendBlocks(List<CertifiedBlock> committed, List<UtxoDelta> deltas) {
        calls.add("blocks " + committed.size());
      }

      @Override
      public void writeAgreement(AgreementState state) {
        calls.add("agreement");
      }

      @Override
      public void writeSigner(SignerRecord record) throws IOException {
        if (signerFailure != null) {
          throw signerFailure;
        }
        calls.add("signer");
      }
    };
    ReadyListener listener = new ReadyListener() {
      @Override
      public void durable(Ready ready) {
        calls.add("durable");
      }

      @Override
      public void applied(Ready ready) {
        calls.add("applied");
      }

      @Override
      public void wakeUpAt(OptionalLong atMs) {
        calls.add("wake-up " + (atMs.isPresent() ? atMs.getAsLong() : "none"));
      }
    };
    return new ReadyApplier(store, messages -> calls.add("send " + messages.size()), listener);
  }

  private static Ready fullStep() {
    CertifiedBlock block = CertifiedBlock.newBuilder()
        .setBlock(Block.newBuilder().setHeader(BlockHeader.newBuilder().setHeight(1))).build();
    return new Ready(Optional.of(new SignerRecord(2, 0, SignerRecord.SignStep.PREVOTE, ByteString.EMPTY)),
        Optional.of(AgreementState.getDefaultInstance()), List.of(block),
        List.of(new UtxoDelta(List.of(), List.of())), List.of(new Outbound.ToPeer(ByteString.EMPTY, STATUS)),
        OptionalLong.of(42), List.of(), List.of(), List.of());
  }
}
