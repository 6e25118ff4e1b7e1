package org.lpos.discovery;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.lpos.proto.v1.HeartbeatRequest;
import org.lpos.proto.v1.ListPeersRequest;
import org.lpos.proto.v1.RegisterRequest;
import org.lpos.proto.v1.RegisterResponse;
import org.lpos.proto.v1.WatchInstructionsRequest;

/**
 * Writes the seed corpus of {@link DiscoveryServiceFuzzTest}: registrations as nodes send them,
 * then the calls that use the ids the service (with the fuzz test's seed) hands out. Not part of
 * the build; run with {@code ./mvnw -pl discovery-service -am test -Dtest=DiscoverySeedWriter
 * -Dlpos.writeSeeds=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "lpos.writeSeeds", matches = "true")
class DiscoverySeedWriter {
  private static final Path DIR = Path.of("src/test/resources/org/lpos/discovery/DiscoveryServiceFuzzTestInputs/requests");

  @Test
  void seeds() throws IOException {
    DiscoveryConfig config = new DiscoveryConfig("127.0.0.1", 0, 4, 1, 4, 4, Path.of("members.json"), 2, 30,
        Optional.empty(), Optional.of(InstructionPlan.parse("5", "tx-rate", "2.5")), OptionalLong.empty(),
        Verbosity.QUIET);
    Fixtures.ManualClock clock = new Fixtures.ManualClock();
    DiscoveryService service = DiscoveryService.create(
        config, Fixtures.members(4), DiscoveryJournal.silent(), clock::millis, new Random(Fixtures.SEED));
    ByteArrayOutputStream session = new ByteArrayOutputStream();
    String firstId = null;
    for (int i = 0; i < 4; i++) {
      RegisterRequest r = RegisterRequest.newBuilder().setNodeName("node-" + i)
          .setAddress("127.0.0.1:" + (7000 + i)).setPublicKey(Fixtures.key(i + 1)).build();
      RecordingObserver<RegisterResponse> answer = new RecordingObserver<>();
      service.register(r, answer);
      firstId = firstId == null ? answer.values.get(0).getNodeId() : firstId;
      frame(session, 0, r);
    }
    frame(session, 1, ListPeersRequest.newBuilder().setNodeId(firstId).build());
    frame(session, 2, HeartbeatRequest.newBuilder().setNodeId(firstId).build());
    frame(session, 3, WatchInstructionsRequest.newBuilder().setNodeId(firstId).build());
    frame(session, 0x80 | 1, ListPeersRequest.newBuilder().setNodeId(firstId).build());
    write("four_nodes_then_lease_lapses", session.toByteArray());

    ByteArrayOutputStream bad = new ByteArrayOutputStream();
    frame(bad, 0, RegisterRequest.newBuilder().setNodeName("").setAddress("no-port").build());
    frame(bad, 0, RegisterRequest.newBuilder().setNodeName("node-0").setAddress("127.0.0.1:7000")
        .setPublicKey(ByteString.copyFrom(new byte[5])).build());
    frame(bad, 1, ListPeersRequest.newBuilder().setNodeId("unknown").build());
    frame(bad, 2, HeartbeatRequest.getDefaultInstance());
    frame(bad, 3, WatchInstructionsRequest.getDefaultInstance());
    write("rejected_requests", bad.toByteArray());

    ByteArrayOutputStream preloaded = new ByteArrayOutputStream();
    frame(preloaded, 0, RegisterRequest.newBuilder().setNodeName("member-0").setAddress("127.0.0.1:7100").build());
    write("preloaded_member", preloaded.toByteArray());
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
