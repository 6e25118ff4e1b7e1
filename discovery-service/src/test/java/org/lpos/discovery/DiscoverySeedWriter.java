package org.lpos.discovery;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.lpos.chain.discovery.RegistrationProof;
import org.lpos.proto.v1.ClaimMemberRequest;
import org.lpos.proto.v1.ClaimMemberResponse;
import org.lpos.proto.v1.HeartbeatRequest;
import org.lpos.proto.v1.ListPeersRequest;
import org.lpos.proto.v1.RegisterRequest;
import org.lpos.proto.v1.RegisterResponse;
import org.lpos.proto.v1.WatchInstructionsRequest;

/**
 * Writes the seed corpus of {@link DiscoveryServiceFuzzTest}: claims and signed registrations as
 * nodes send them (timestamped by the service's clock), then the calls that use the ids and lease
 * tokens the service (with the fuzz test's seed) hands out, and requests each refusal answers.
 * Not part of the build; run with {@code ./mvnw -pl discovery-service -am test -Dtest=DiscoverySeedWriter
 * -Dlpos.writeSeeds=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "lpos.writeSeeds", matches = "true")
class DiscoverySeedWriter {
  private static final Path DIR = Path.of("src/test/resources/org/lpos/discovery/DiscoveryServiceFuzzTestInputs/requests");

  @Test
  void seeds() throws IOException {
    Session honest = new Session();
    String firstId = null;
    ByteString firstToken = null;
    RegisterRequest firstRegistration = null;
    for (int i = 0; i < 4; i++) {
      // As a node with -l does: claim a member for its name, then register signed with its key.
      ClaimMemberResponse claimed = honest.claim("node-" + i);
      RegisterRequest r = honest.signed(claimed.getAssignment().getIndex(), "127.0.0.1:" + (7000 + i), "node-" + i);
      RegisterResponse answer = honest.register(r);
      assertFalse(answer.getNodeId().isEmpty(), "the honest registration of node-" + i + " is refused");
      if (firstId == null) {
        firstId = answer.getNodeId();
        firstToken = answer.getLeaseToken();
        firstRegistration = r;
      }
    }
    honest.frame(1, ListPeersRequest.newBuilder().setNodeId(firstId).build());
    honest.frame(2, HeartbeatRequest.newBuilder().setNodeId(firstId).setLeaseToken(firstToken).build());
    honest.frame(3, WatchInstructionsRequest.newBuilder().setNodeId(firstId).build());
    // A copy of a registration already accepted is a replay.
    honest.frame(0, firstRegistration);
    honest.frame(0x80 | 1, ListPeersRequest.newBuilder().setNodeId(firstId).build());
    write("four_nodes_then_lease_lapses", honest.bytes.toByteArray());

    Session bad = new Session();
    bad.frame(0, RegisterRequest.newBuilder().setNodeName("").setAddress("no-port").build());
    bad.frame(0, RegisterRequest.newBuilder().setNodeName("node-0").setAddress("127.0.0.1:7000")
        .setPublicKey(ByteString.copyFrom(new byte[5])).build());
    bad.frame(0, Fixtures.request(Fixtures.memberKey(0).publicKey(), "127.0.0.1:7000", "node-0", 1,
        bad.clock.millis()));
    bad.frame(0, RegistrationProof.sign(Fixtures.keyPair(7), RegisterRequest.newBuilder().setNodeName("node-0")
        .setAddress("127.0.0.1:7000").setInstanceId(Fixtures.bytes(RegistrationProof.INSTANCE_ID_BYTES, 1))
        .setTimestampMs(bad.clock.millis()).build()));
    // Signed, but a minute and more before the service's clock.
    bad.frame(0, bad.signed(0, "127.0.0.1:7000", "node-0", bad.clock.millis() - 61_000));
    bad.frame(4, ClaimMemberRequest.newBuilder().setNodeName("").build());
    bad.frame(1, ListPeersRequest.newBuilder().setNodeId("unknown").build());
    bad.frame(2, HeartbeatRequest.getDefaultInstance());
    bad.frame(3, WatchInstructionsRequest.getDefaultInstance());
    write("rejected_requests", bad.bytes.toByteArray());

    Session names = new Session();
    names.claim("member-0");
    assertFalse(names.register(names.signed(0, "127.0.0.1:7100", "member-0")).getNodeId().isEmpty());
    // Member 0 runs as member-0: another name registering with its key is refused.
    names.register(names.signed(0, "127.0.0.1:7101", "other"));
    for (int i = 1; i < 5; i++) {
      names.claim("claimer-" + i);
    }
    write("preloaded_member", names.bytes.toByteArray());
  }

  /**
   * A service built as {@link DiscoveryServiceFuzzTest} builds it, and the frames of the calls
   * made on it: the ids and tokens it hands out are the ones the fuzz test's replay gets.
   */
  private static final class Session {
    final Fixtures.ManualClock clock = new Fixtures.ManualClock();
    final DiscoveryService service = DiscoveryService.create(
        Fixtures.config(4, 4, 2, Optional.of(InstructionPlan.parse("5", "tx-rate", "2.5")), Optional.empty()),
        Fixtures.members(4), DiscoveryJournal.silent(), clock::millis, clock::millis, new Random(Fixtures.SEED));
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private int instance;

    ClaimMemberResponse claim(String name) {
      ClaimMemberRequest r = ClaimMemberRequest.newBuilder().setNodeName(name).build();
      RecordingObserver<ClaimMemberResponse> answer = new RecordingObserver<>();
      service.claimMember(r, answer);
      frame(4, r);
      return answer.values.isEmpty() ? ClaimMemberResponse.getDefaultInstance() : answer.values.get(0);
    }

    RegisterResponse register(RegisterRequest r) {
      RecordingObserver<RegisterResponse> answer = new RecordingObserver<>();
      service.register(r, answer);
      frame(0, r);
      return answer.values.isEmpty() ? RegisterResponse.getDefaultInstance() : answer.values.get(0);
    }

    /** Signed by member {@code member} at the service's wall clock, by a new process. */
    RegisterRequest signed(int member, String address, String name) {
      return signed(member, address, name, clock.millis());
    }

    RegisterRequest signed(int member, String address, String name, long timestampMs) {
      return RegistrationProof.sign(Fixtures.memberKey(member), RegisterRequest.newBuilder().setAddress(address)
          .setNodeName(name).setInstanceId(Fixtures.bytes(RegistrationProof.INSTANCE_ID_BYTES, ++instance))
          .setTimestampMs(timestampMs).build());
    }

    void frame(int call, Message request) {
      DiscoverySeedWriter.frame(bytes, call, request);
    }
  }

  private static void frame(ByteArrayOutputStream out, int call, Message request) {
    byte[] bytes = request.toByteArray();
    out.write(call);
    out.write(bytes.length >> 8);
    out.write(bytes.length & 0xff);
    out.write(bytes, 0, bytes.length);
  }

  private static void write(String name, byte[] bytes) throws IOException {
    Files.createDirectories(DIR);
    Files.write(DIR.resolve(name), bytes);
  }
}
