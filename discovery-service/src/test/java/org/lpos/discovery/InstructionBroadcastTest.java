package org.lpos.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lpos.proto.v1.Instruction;

class InstructionBroadcastTest {
  private static final Instruction INSTRUCTION =
      InstructionPlan.parse("3", "tx-n-outputs", "2").toProto();

  @Test
  void sendsOnceWhenMIsReachedThenAnswersLateWatchersAtOnce() {
    InstructionBroadcast broadcast = new InstructionBroadcast(Optional.of(INSTRUCTION), 2);
    RecordingObserver<Instruction> early = new RecordingObserver<>();
    broadcast.watch(early);

    assertEquals(Optional.empty(), broadcast.onRegistered(1));
    assertEquals(1, broadcast.waiting());
    assertEquals(Optional.of(INSTRUCTION), broadcast.onRegistered(2));
    assertEquals(Optional.empty(), broadcast.onRegistered(3), "sent once only");
    assertEquals(List.of(INSTRUCTION), early.values);
    assertTrue(early.completed);
    assertEquals(0, broadcast.waiting());

    RecordingObserver<Instruction> late = new RecordingObserver<>();
    broadcast.watch(late);
    assertEquals(List.of(INSTRUCTION), late.values);
    assertTrue(late.completed);
  }

  @Test
  void withoutAnInstructionNothingIsSentAndCloseCompletesEveryStream() {
    InstructionBroadcast broadcast = new InstructionBroadcast(Optional.empty(), 1);
    RecordingObserver<Instruction> watcher = new RecordingObserver<>();
    broadcast.watch(watcher);
    assertEquals(Optional.empty(), broadcast.onRegistered(5));
    assertFalse(watcher.finished());

    broadcast.close();
    assertTrue(watcher.completed);
    assertEquals(List.of(), watcher.values);
    RecordingObserver<Instruction> afterClose = new RecordingObserver<>();
    broadcast.watch(afterClose);
    assertTrue(afterClose.completed);
  }

  @Test
  void aBrokenStreamDoesNotKeepTheOthersFromTheirInstruction() {
    InstructionBroadcast broadcast = new InstructionBroadcast(Optional.of(INSTRUCTION), 1);
    broadcast.watch(new StreamObserver<>() {
      @Override
      public void onNext(Instruction value) {
        throw new IllegalStateException("call already cancelled");
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {}
    });
    RecordingObserver<Instruction> healthy = new RecordingObserver<>();
    broadcast.watch(healthy);

    assertEquals(Optional.of(INSTRUCTION), broadcast.onRegistered(1));
    assertEquals(List.of(INSTRUCTION), healthy.values);
    assertTrue(healthy.completed);
  }
}
