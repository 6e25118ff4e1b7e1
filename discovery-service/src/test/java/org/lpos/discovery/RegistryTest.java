package org.lpos.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.lpos.proto.v1.PeerInfo;

class RegistryTest {
  private static final long LEASE_MS = 30_000;

  private final Fixtures.ManualClock clock = new Fixtures.ManualClock();

  private Registry registry(int fanOut, int preload) {
    return new Registry(fanOut, LEASE_MS, Fixtures.members(preload), clock::millis,
        new Random(Fixtures.SEED));
  }

  private static RegisterOutcome.Registered registered(RegisterOutcome outcome) {
    return assertInstanceOf(RegisterOutcome.Registered.class, outcome, () -> outcome.toString());
  }

  private static Rejection rejected(RegisterOutcome outcome) {
    return assertInstanceOf(RegisterOutcome.Rejected.class, outcome).rejection();
  }

  private static Set<String> names(List<PeerInfo> peers) {
    return peers.stream().map(PeerInfo::getNodeName).collect(Collectors.toSet());
  }

  @Test
  void sameNameKeepsItsIdAndTakesTheNewAddressAndKey() {
    Registry registry = registry(0, 0);
    var first = registered(registry.register(Fixtures.key(1), "10.0.0.1:7000", "alice"));
    var again = registered(registry.register(Fixtures.key(2), "10.0.0.9:7001", "alice"));

    assertEquals(first.self().getNodeId(), again.self().getNodeId());
    assertEquals(32, first.self().getNodeId().length());
    assertTrue(first.firstTime());
    assertFalse(again.firstTime());
    assertEquals("10.0.0.9:7001", again.self().getAddress());
    assertEquals(Fixtures.key(2), again.self().getPublicKey());
    assertEquals(1, registry.registeredCount());
    assertEquals(Optional.empty(), again.member());
  }

  @Test
  void distinctNamesGetDistinctIdsAndAreCountedOnce() {
    Registry registry = registry(0, 0);
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      ids.add(registered(registry.register(Fixtures.key(i), "h:1", "n" + i)).self().getNodeId());
      registry.register(Fixtures.key(i), "h:1", "n" + i);
    }
    assertEquals(20, ids.size());
    assertEquals(20, registry.registeredCount());
  }

  @Test
  void preloadingHandsOutMembersInOrderAndKeepsThemPerName() {
    Registry registry = registry(0, 3);
    var bob = registered(registry.register(ByteString.EMPTY, "h:1", "bob"));
    var alice = registered(registry.register(Fixtures.key(9), "h:2", "alice"));
    var bobAgain = registered(registry.register(ByteString.EMPTY, "h:3", "bob"));

    assertEquals(0, bob.member().orElseThrow().getIndex());
    assertEquals(1, alice.member().orElseThrow().getIndex());
    assertEquals(bob.member(), bobAgain.member());
    assertEquals(bob.self().getNodeId(), bobAgain.self().getNodeId());
    // The member's key wins over whatever the node sent: it signs with the member's secret.
    assertEquals(Fixtures.members(3).get(1).getPublicKey(), alice.self().getPublicKey());
    assertEquals(Fixtures.members(3).get(0).getPublicKey(), bob.self().getPublicKey());
  }

  @Test
  void preloadingIsExhaustedAfterLNamesButKnownNamesStillRenew() {
    Registry registry = registry(0, 2);
    registered(registry.register(ByteString.EMPTY, "h:1", "a"));
    registered(registry.register(ByteString.EMPTY, "h:1", "b"));

    Rejection rejection = rejected(registry.register(ByteString.EMPTY, "h:1", "c"));
    assertEquals(Rejection.Kind.RESOURCE_EXHAUSTED, rejection.kind());
    assertTrue(rejection.message().contains("all 2 preloaded members (-l 2) are taken"),
        rejection.message());
    assertTrue(rejection.message().contains("'c'"), rejection.message());
    assertEquals(2, registry.registeredCount());

    var aAgain = registered(registry.register(ByteString.EMPTY, "h:2", "a"));
    assertEquals(0, aAgain.member().orElseThrow().getIndex());
  }

  @Test
  void aNodeThatMissesItsLeaseDropsOutOfSamplesAndHeartbeatsRenew() {
    Registry registry = registry(0, 0);
    String a = registered(registry.register(Fixtures.key(1), "h:1", "a")).self().getNodeId();
    String b = registered(registry.register(Fixtures.key(2), "h:2", "b")).self().getNodeId();
    String c = registered(registry.register(Fixtures.key(3), "h:3", "c")).self().getNodeId();

    clock.advance(LEASE_MS - 1);
    assertTrue(registry.heartbeat(a));
    assertTrue(registry.heartbeat(b));
    clock.advance(1);
    // Exactly at the lease the node is still in; one millisecond later it is out.
    assertEquals(Set.of("a", "c"), names(registry.listPeers(b).orElseThrow()));
    clock.advance(1);
    assertEquals(Set.of("a"), names(registry.listPeers(b).orElseThrow()));
    assertFalse(registry.heartbeat(c), "a lapsed node must register again");
    assertEquals(Optional.empty(), registry.listPeers(c));
    assertEquals(2, registry.liveCount());
    assertEquals(3, registry.registeredCount());

    var cAgain = registered(registry.register(Fixtures.key(3), "h:3", "c"));
    assertEquals(c, cAgain.self().getNodeId());
    assertEquals(Set.of("a", "b"), names(cAgain.peers()));
  }

  @Test
  void unknownNodesAreNotLive() {
    Registry registry = registry(0, 0);
    assertFalse(registry.heartbeat("nope"));
    assertEquals(Optional.empty(), registry.listPeers("nope"));
  }

  @Test
  void samplesHaveFanOutDistinctLivePeersAndNeverTheCaller() {
    Registry registry = registry(3, 0);
    String self = null;
    for (int i = 0; i < 10; i++) {
      self = registered(registry.register(Fixtures.key(i), "h:" + (i + 1), "n" + i))
          .self().getNodeId();
    }
    for (int round = 0; round < 50; round++) {
      List<PeerInfo> sample = registry.listPeers(self).orElseThrow();
      assertEquals(3, sample.size());
      assertEquals(3, names(sample).size());
      String caller = self;
      assertTrue(sample.stream().noneMatch(p -> p.getNodeId().equals(caller)));
    }
  }

  @Test
  void samplesVaryAcrossCallsAndReachEveryPeer() {
    Registry registry = registry(2, 0);
    String self = null;
    for (int i = 0; i < 6; i++) {
      self = registered(registry.register(Fixtures.key(i), "h:1", "n" + i)).self().getNodeId();
    }
    Set<String> seen = new HashSet<>();
    for (int round = 0; round < 200; round++) {
      seen.addAll(names(registry.listPeers(self).orElseThrow()));
    }
    assertEquals(Set.of("n0", "n1", "n2", "n3", "n4"), seen);
  }

  @Test
  void fanOutZeroOrLargerThanThePopulationGivesAllOtherPeers() {
    for (int fanOut : new int[] {0, 5, 50}) {
      Registry registry = registry(fanOut, 0);
      String self = null;
      for (int i = 0; i < 5; i++) {
        self = registered(registry.register(Fixtures.key(i), "h:1", "n" + i)).self().getNodeId();
      }
      assertEquals(Set.of("n0", "n1", "n2", "n3"), names(registry.listPeers(self).orElseThrow()));
    }
    var first = registered(registry(0, 0).register(Fixtures.key(1), "h:1", "alone"));
    assertEquals(List.of(), first.peers());
  }

  @Test
  void theSameSeedAndHistoryGiveTheSameIdsAndSamples() {
    List<List<PeerInfo>> runs = new java.util.ArrayList<>();
    for (int run = 0; run < 2; run++) {
      Registry registry = new Registry(2, LEASE_MS, List.of(), clock::millis,
          new Random(Fixtures.SEED));
      RegisterOutcome.Registered last = null;
      for (int i = 0; i < 8; i++) {
        last = registered(registry.register(Fixtures.key(i), "h:1", "n" + i));
      }
      runs.add(last.peers());
      runs.add(registry.listPeers(last.self().getNodeId()).orElseThrow());
    }
    assertEquals(runs.get(0), runs.get(2));
    assertEquals(runs.get(1), runs.get(3));
    Registry other = new Registry(0, LEASE_MS, List.of(), clock::millis, new Random(1));
    assertNotEquals(runs.get(0).get(0).getNodeId(),
        registered(other.register(Fixtures.key(0), "h:1", "n0")).self().getNodeId());
  }

  @Test
  void malformedRegistrationsAreRejectedNamingTheField() {
    Registry registry = registry(0, 0);
    assertField(registry.register(Fixtures.key(1), "nohost", "a"), "address");
    assertField(registry.register(Fixtures.key(1), "h:0", "a"), "port");
    assertField(registry.register(Fixtures.key(1), "h:1", ""), "node_name");
    assertField(registry.register(ByteString.EMPTY, "h:1", "a"), "public_key is required");
    assertField(registry.register(ByteString.copyFrom(new byte[31]), "h:1", "a"), "public_key");
    assertEquals(0, registry.registeredCount());

    Registry preloading = registry(0, 1);
    assertField(preloading.register(ByteString.copyFrom(new byte[33]), "h:1", "a"), "public_key");
    registered(preloading.register(ByteString.EMPTY, "h:1", "a"));
  }

  private static void assertField(RegisterOutcome outcome, String field) {
    Rejection rejection = rejected(outcome);
    assertEquals(Rejection.Kind.INVALID_ARGUMENT, rejection.kind());
    assertTrue(rejection.message().contains(field), rejection.message());
  }
}
