package org.lpos.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.lpos.proto.v1.ClaimMemberRequest;
import org.lpos.proto.v1.HeartbeatRequest;
import org.lpos.proto.v1.ListPeersRequest;
import org.lpos.proto.v1.RegisterRequest;
import org.lpos.proto.v1.RegisterResponse;
import org.lpos.proto.v1.WatchInstructionsRequest;

/**
 * Arbitrary sequences of Discovery requests handed straight to a fresh service (as gRPC would
 * after parsing), so that a registration can be followed by the calls that use its id. Each input
 * is a list of {@code [call byte][u16 length][request bytes]}; the call byte picks Register,
 * ListPeers, Heartbeat, WatchInstructions or ClaimMember (modulo) and bit 7 moves the service's
 * clock (monotonic and wall, one clock) past a lease. Every call must answer, or fail with a status the service documents; nothing may throw.
 */
class DiscoveryServiceFuzzTest {
  private static final int MAX_CALLS = 64;
  private static final int LEASE_SECONDS = 30;
  /** Every refusal the service documents (signed registrations, name ownership, rate limits). */
  private static final Set<Status.Code> DOCUMENTED = Set.of(Status.Code.INVALID_ARGUMENT, Status.Code.NOT_FOUND,
      Status.Code.RESOURCE_EXHAUSTED, Status.Code.ALREADY_EXISTS, Status.Code.UNAUTHENTICATED,
      Status.Code.PERMISSION_DENIED, Status.Code.ABORTED, Status.Code.FAILED_PRECONDITION);

  @FuzzTest(maxDuration = "5m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void requests(byte[] input) {
    Fixtures.ManualClock clock = new Fixtures.ManualClock();
    DiscoveryConfig config = Fixtures.config(4, 4, 2, Optional.of(InstructionPlan.parse("5", "tx-rate", "2.5")),
        Optional.empty());
    DiscoveryService service = DiscoveryService.create(
        config, Fixtures.members(4), DiscoveryJournal.silent(), clock::millis, clock::millis, new Random(Fixtures.SEED));
    ByteBuffer b = ByteBuffer.wrap(input);
    for (int i = 0; i < MAX_CALLS && b.remaining() >= 3; i++) {
      int call = b.get() & 0xff;
      byte[] request = new byte[Math.min(b.getShort() & 0xffff, b.remaining())];
      b.get(request);
      if ((call & 0x80) != 0) {
        clock.advance(LEASE_SECONDS * 1000L + 1);
      }
      try {
        call(service, call & 0x7f, request);
      } catch (InvalidProtocolBufferException e) {
        break;
      }
    }
    service.close();
  }

  private static void call(DiscoveryService service, int call, byte[] request)
      throws InvalidProtocolBufferException {
    RecordingObserver<Object> answer = new RecordingObserver<>();
    String name;
    switch (call % 5) {
      case 0 -> {
        name = "Register";
        RegisterRequest r = RegisterRequest.parseFrom(request);
        service.register(r, cast(answer));
        answer.values.forEach(v -> assertTrue(((RegisterResponse) v).getSerializedSize() < 1 << 20,
            "a registration answer grows without bound"));
      }
      case 1 -> {
        name = "ListPeers";
        service.listPeers(ListPeersRequest.parseFrom(request), cast(answer));
      }
      case 2 -> {
        name = "Heartbeat";
        service.heartbeat(HeartbeatRequest.parseFrom(request), cast(answer));
      }
      case 3 -> {
        name = "WatchInstructions";
        service.watchInstructions(WatchInstructionsRequest.parseFrom(request), cast(answer));
        if (answer.error == null && !answer.finished()) {
          return;
        }
      }
      default -> {
        name = "ClaimMember";
        service.claimMember(ClaimMemberRequest.parseFrom(request), cast(answer));
      }
    }
    assertTrue(answer.finished(), name + " neither answered nor failed");
    if (answer.error != null) {
      StatusRuntimeException e = assertInstanceOf(StatusRuntimeException.class, answer.error);
      assertTrue(DOCUMENTED.contains(e.getStatus().getCode()), () -> name + " answered " + e.getStatus());
      assertTrue(answer.values.isEmpty(), "an error after a response");
    } else {
      assertEquals(1, answer.values.size(), name + " answers once");
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> StreamObserver<T> cast(RecordingObserver<Object> answer) {
    return (StreamObserver<T>) (StreamObserver<?>) answer;
  }
}
