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
import org.lpos.proto.v1.MemberAssignment;
import org.lpos.proto.v1.PeerInfo;
import org.lpos.proto.v1.RegisterRequest;

class RegistryTest {
  private static final long LEASE_MS = 30_000;
  private static final String SOURCE = "10.9.9.9";

  private final Fixtures.ManualClock clock = new Fixtures.ManualClock();
  private long timestamp = 1;

  private Registry registry(int fanOut, int preload) {
    return registry(fanOut, preload, 10_000, 1_000);
  }

  private Registry registry(int fanOut, int preload, int maxNames, int maxPerSource) {
    return new Registry(fanOut, LEASE_MS, maxNames, maxPerSource, Fixtures.members(preload),
        clock::millis, new Random(Fixtures.SEED));
  }

  /** Registers {@code name} for key {@code key} by process {@code instance}, with a fresh timestamp. */
  private RegisterOutcome register(Registry registry, int key, String address, String name, int instance) {
    return registry.register(Fixtures.request(Fixtures.key(key), address, name, instance, timestamp++), SOURCE);
  }

  private RegisterOutcome register(Registry registry, int key, String address, String name) {
    return register(registry, key, address, name, key);
  }

  private RegisterOutcome registerMember(Registry registry, int member, String name, int instance) {
    return registry.register(Fixtures.request(Fixtures.memberKey(member).publicKey(), "h:1", name, instance,
        timestamp++), SOURCE);
  }

  private static RegisterOutcome.Registered registered(RegisterOutcome outcome) {
    return assertInstanceOf(RegisterOutcome.Registered.class, outcome, () -> outcome.toString());
  }

  private static Rejection rejected(RegisterOutcome outcome) {
    return assertInstanceOf(RegisterOutcome.Rejected.class, outcome).rejection();
  }

  private static MemberAssignment claimed(ClaimOutcome outcome) {
    return assertInstanceOf(ClaimOutcome.Claimed.class, outcome, () -> outcome.toString()).member();
  }

  private static Set<String> names(List<PeerInfo> peers) {
    return peers.stream().map(PeerInfo::getNodeName).collect(Collectors.toSet());
  }

  @Test
  void theHolderRenewsKeepingItsIdAndTakingTheNewAddress() {
    Registry registry = registry(0, 0);
    var first = registered(register(registry, 1, "10.0.0.1:7000", "alice"));
    var again = registered(register(registry, 1, "10.0.0.9:7001", "alice"));

    assertEquals(first.self().getNodeId(), again.self().getNodeId());
    assertEquals(32, first.self().getNodeId().length());
    assertTrue(first.firstTime());
    assertFalse(again.firstTime());
    assertEquals("10.0.0.9:7001", again.self().getAddress());
    assertEquals(first.leaseToken(), again.leaseToken());
    assertEquals(16, first.leaseToken().size());
    assertEquals(1, registry.registeredCount());
    assertEquals(Optional.empty(), again.member());
  }

  @Test
  void aLiveNameIsRefusedToAnotherKeyAndToAnotherProcessOfTheSameKey() {
    Registry registry = registry(0, 0);
    var alice = registered(register(registry, 1, "10.0.0.1:7000", "alice", 1));

    Rejection otherKey = rejected(register(registry, 2, "10.6.6.6:1", "alice", 2));
    assertEquals(Rejection.Kind.ALREADY_EXISTS, otherKey.kind());
    assertTrue(otherKey.message().startsWith("node_name 'alice' is held by another key"), otherKey.message());
    assertTrue(otherKey.message().contains("until its lease ends in 30 s"), otherKey.message());

    Rejection otherProcess = rejected(register(registry, 1, "10.0.0.1:7000", "alice", 9));
    assertEquals(Rejection.Kind.ALREADY_EXISTS, otherProcess.kind());
    assertTrue(otherProcess.message().contains("another process with the same key"), otherProcess.message());

    // The holder's entry is untouched: peers still see alice's key and address.
    var bob = registered(register(registry, 3, "h:3", "bob"));
    assertEquals(List.of(alice.self()), bob.peers());
  }

  @Test
  void aKeyHoldsOneNameAtATime() {
    Registry registry = registry(0, 0);
    registered(register(registry, 1, "h:1", "alice", 1));
    Rejection second = rejected(register(registry, 1, "h:2", "alias", 2));
    assertEquals(Rejection.Kind.ALREADY_EXISTS, second.kind());
    assertTrue(second.message().contains("is registered as node_name 'alice' by another process"),
        second.message());
  }

  @Test
  void aReplayedOrOlderRegistrationIsRefused() {
    Registry registry = registry(0, 0);
    RegisterRequest request = Fixtures.request(Fixtures.key(1), "h:1", "alice", 1, 500);
    registered(registry.register(request, SOURCE));
    Rejection replay = rejected(registry.register(request, SOURCE));
    assertEquals(Rejection.Kind.UNAUTHENTICATED, replay.kind());
    assertTrue(replay.message().contains("a replayed request"), replay.message());
    registered(registry.register(request.toBuilder().setTimestampMs(501).build(), SOURCE));
  }

  @Test
  void afterTheLeaseEndsTheNameIsFreeForAnyKey() {
    Registry registry = registry(0, 0);
    var alice = registered(register(registry, 1, "h:1", "alice", 1));
    clock.advance(LEASE_MS + 1);
    assertEquals(0, registry.liveCount());

    var taken = registered(register(registry, 2, "h:2", "alice", 2));
    assertTrue(taken.firstTime());
    assertNotEquals(alice.self().getNodeId(), taken.self().getNodeId());
    assertEquals(Fixtures.key(2), taken.self().getPublicKey());
    assertFalse(registry.heartbeat(alice.self().getNodeId(), alice.leaseToken()));
  }

  @Test
  void heartbeatsNeedTheLeaseTokenAndKeepTheName() {
    Registry registry = registry(0, 0);
    var alice = registered(register(registry, 1, "h:1", "alice", 1));
    String id = alice.self().getNodeId();
    clock.advance(LEASE_MS - 1);
    assertFalse(registry.heartbeat(id, ByteString.EMPTY), "the node id alone is public");
    assertFalse(registry.heartbeat(id, Fixtures.bytes(16, 0)));
    assertTrue(registry.heartbeat(id, alice.leaseToken()));
    clock.advance(LEASE_MS - 1);
    assertEquals(Rejection.Kind.ALREADY_EXISTS, rejected(register(registry, 2, "h:2", "alice", 2)).kind());
  }

  @Test
  void namesAreNumberedInRegistrationOrderWhichARenewalKeepsAndALapseDoesNot() {
    Registry registry = registry(0, 0);
    assertEquals(1, registered(register(registry, 1, "h:1", "alice")).order());
    assertEquals(2, registered(register(registry, 2, "h:2", "bob")).order());
    assertEquals(1, registered(register(registry, 1, "h:9", "alice")).order(), "a renewal keeps its number");
    assertEquals(Rejection.Kind.ALREADY_EXISTS, rejected(register(registry, 3, "h:3", "alice", 3)).kind());
    assertEquals(3, registered(register(registry, 3, "h:3", "carol")).order(), "a refusal takes no number");
    clock.advance(LEASE_MS + 1);
    // Numbers are never reused, so no two nodes of one run write the same <order>.log.
    assertEquals(4, registered(register(registry, 1, "h:1", "alice")).order());
  }

  @Test
  void distinctNamesGetDistinctIds() {
    Registry registry = registry(0, 0);
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      ids.add(registered(register(registry, i, "h:1", "n" + i)).self().getNodeId());
      register(registry, i, "h:1", "n" + i);
    }
    assertEquals(20, ids.size());
    assertEquals(20, registry.registeredCount());
  }

  @Test
  void preloadingAssignsMembersInOrderOfRegistrationStablePerName() {
    Registry registry = registry(0, 3);
    MemberAssignment bob = claimed(registry.claimMember("bob"));
    assertEquals(Fixtures.members(3).get(0), bob);
    var registeredBob = registered(registerMember(registry, 0, "bob", 1));
    assertEquals(Optional.of(bob), registeredBob.member());
    assertEquals(bob.getPublicKey(), registeredBob.self().getPublicKey());
    assertEquals(1, registry.registeredCount());
    assertEquals(1, claimed(registry.claimMember("alice")).getIndex());
    assertEquals(bob, claimed(registry.claimMember("bob")));

    // Bound for good: after its lease, bob still runs as member 0 and only member 0's key holds it.
    clock.advance(LEASE_MS + 1);
    assertEquals(bob, claimed(registry.claimMember("bob")));
    Rejection wrongMember = rejected(registerMember(registry, 2, "bob", 2));
    assertEquals(Rejection.Kind.PERMISSION_DENIED, wrongMember.kind());
    assertTrue(wrongMember.message().contains("runs as member 0, not member 2"), wrongMember.message());
    registered(registerMember(registry, 0, "bob", 3));
    assertEquals(1, claimed(registry.claimMember("alice")).getIndex());
  }

  @Test
  void preloadingHandsMembersOutInTheOrderNodesConnect() {
    Registry registry = registry(0, 4);
    assertEquals(0, claimed(registry.claimMember("a")).getIndex());
    assertEquals(1, claimed(registry.claimMember("b")).getIndex());
    assertEquals(0, claimed(registry.claimMember("a")).getIndex(), "a name keeps its place in line");
    assertEquals(2, claimed(registry.claimMember("c")).getIndex());
    // c registers first and keeps member 2; b and a then bind the members they were offered.
    assertEquals(2, registered(registerMember(registry, 2, "c", 1)).member().orElseThrow().getIndex());
    assertEquals(1, registered(registerMember(registry, 1, "b", 2)).member().orElseThrow().getIndex());
    assertEquals(0, registered(registerMember(registry, 0, "a", 3)).member().orElseThrow().getIndex());
    assertEquals(3, claimed(registry.claimMember("d")).getIndex());
    assertEquals(3, registry.registeredCount());
  }

  @Test
  void anOfferLapsesAfterALeaseSoANodeThatNeverRegisteredHoldsNoPlace() {
    Registry registry = registry(0, 2);
    assertEquals(0, claimed(registry.claimMember("gone")).getIndex());
    assertEquals(1, claimed(registry.claimMember("slow")).getIndex());
    clock.advance(LEASE_MS + 1);
    assertEquals(0, claimed(registry.claimMember("next")).getIndex());
    // Offers reserve nothing: a registration with an offered member's key binds it.
    registered(registerMember(registry, 1, "other", 1));
    assertEquals(Rejection.Kind.ABORTED, rejected(registerMember(registry, 1, "slow", 2)).kind());
    assertEquals(0, claimed(registry.claimMember("slow")).getIndex(), "slow claims again");
  }

  @Test
  void aClaimReservesNothingSoTheFirstToRegisterWinsAndTheOtherClaimsAgain() {
    Registry registry = registry(0, 2);
    for (int i = 0; i < 1_000; i++) {
      claimed(registry.claimMember("junk-" + i));
    }
    // Every member is on offer to junk now; junk claims cost nobody a member: a claim falls back to
    // the lowest unbound member and the first name to register binds it.
    assertEquals(0, claimed(registry.claimMember("a")).getIndex());
    assertEquals(0, claimed(registry.claimMember("b")).getIndex());
    registered(registerMember(registry, 0, "b", 1));
    Rejection lost = rejected(registerMember(registry, 0, "a", 2));
    assertEquals(Rejection.Kind.ABORTED, lost.kind());
    assertTrue(lost.message().contains("member 0 runs as node_name 'b'"), lost.message());
    assertEquals(1, claimed(registry.claimMember("a")).getIndex());
    registered(registerMember(registry, 1, "a", 2));

    Rejection full = assertInstanceOf(ClaimOutcome.Refused.class, registry.claimMember("c")).rejection();
    assertEquals(Rejection.Kind.RESOURCE_EXHAUSTED, full.kind());
    assertTrue(full.message().contains("all 2 preloaded members (-l 2) are taken; node_name 'c'"),
        full.message());
    // A bound member stays bound after its lease: a second name cannot take it.
    clock.advance(LEASE_MS + 1);
    assertEquals(Rejection.Kind.ABORTED, rejected(registerMember(registry, 0, "c", 3)).kind());
  }

  @Test
  void preloadingRefusesKeysThatAreNotMembers() {
    Registry registry = registry(0, 3);
    Rejection stranger = rejected(register(registry, 1, "h:1", "x"));
    assertEquals(Rejection.Kind.PERMISSION_DENIED, stranger.kind());
    assertTrue(stranger.message().contains("is none of them"), stranger.message());
    assertEquals(0, registry.registeredCount());
  }

  @Test
  void claimingWithoutPreloadingIsAFailedPrecondition() {
    Rejection rejection = assertInstanceOf(ClaimOutcome.Refused.class,
        registry(0, 0).claimMember("a")).rejection();
    assertEquals(Rejection.Kind.FAILED_PRECONDITION, rejection.kind());
  }

  @Test
  void theRegistryAndEachSourceHoldABoundedNumberOfNames() {
    Registry registry = registry(0, 0, 5, 3);
    for (int i = 0; i < 3; i++) {
      registered(register(registry, i, "h:1", "n" + i));
    }
    Rejection perSource = rejected(register(registry, 9, "h:1", "n9"));
    assertEquals(Rejection.Kind.RESOURCE_EXHAUSTED, perSource.kind());
    assertTrue(perSource.message().contains("--max-names-per-source"), perSource.message());
    for (int i = 3; i < 5; i++) {
      registered(registry.register(Fixtures.request(Fixtures.key(i), "h:1", "n" + i, i, timestamp++), "other"));
    }
    Rejection total = rejected(registry.register(
        Fixtures.request(Fixtures.key(7), "h:1", "n7", 7, timestamp++), "third"));
    assertTrue(total.message().contains("maximum of 5 live node names (--max-names)"), total.message());
    // Renewals are never capped, and lapsed names free their slots.
    registered(register(registry, 0, "h:2", "n0"));
    clock.advance(LEASE_MS + 1);
    registered(register(registry, 9, "h:1", "n9"));
  }

  @Test
  void aNodeThatMissesItsLeaseDropsOutOfSamples() {
    Registry registry = registry(0, 0);
    var a = registered(register(registry, 1, "h:1", "a"));
    var b = registered(register(registry, 2, "h:2", "b"));
    var c = registered(register(registry, 3, "h:3", "c"));

    clock.advance(LEASE_MS - 1);
    assertTrue(registry.heartbeat(a.self().getNodeId(), a.leaseToken()));
    assertTrue(registry.heartbeat(b.self().getNodeId(), b.leaseToken()));
    clock.advance(1);
    // Exactly at the lease the node is still in; one millisecond later it is out.
    assertEquals(Set.of("a", "c"), names(registry.listPeers(b.self().getNodeId()).orElseThrow()));
    clock.advance(1);
    assertEquals(Set.of("a"), names(registry.listPeers(b.self().getNodeId()).orElseThrow()));
    assertFalse(registry.heartbeat(c.self().getNodeId(), c.leaseToken()), "a lapsed node must register again");
    assertEquals(Optional.empty(), registry.listPeers(c.self().getNodeId()));
    assertEquals(2, registry.liveCount());

    var cAgain = registered(register(registry, 3, "h:3", "c"));
    assertEquals(Set.of("a", "b"), names(cAgain.peers()));
  }

  @Test
  void unknownNodesAreNotLive() {
    Registry registry = registry(0, 0);
    assertFalse(registry.heartbeat("nope", ByteString.EMPTY));
    assertEquals(Optional.empty(), registry.listPeers("nope"));
  }

  @Test
  void samplesHaveFanOutDistinctLivePeersAndNeverTheCaller() {
    Registry registry = registry(3, 0);
    String self = null;
    for (int i = 0; i < 10; i++) {
      self = registered(register(registry, i, "h:" + (i + 1), "n" + i)).self().getNodeId();
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
    for (int population : new int[] {6, 40}) {
      Registry registry = registry(2, 0);
      String self = null;
      Set<String> others = new HashSet<>();
      for (int i = 0; i < population; i++) {
        self = registered(register(registry, i, "h:1", "n" + i)).self().getNodeId();
        others.add("n" + i);
      }
      others.remove("n" + (population - 1));
      Set<String> seen = new HashSet<>();
      for (int round = 0; round < 2_000; round++) {
        seen.addAll(names(registry.listPeers(self).orElseThrow()));
      }
      assertEquals(others, seen);
    }
  }

  @Test
  void fanOutZeroOrLargerThanThePopulationGivesAllOtherPeers() {
    for (int fanOut : new int[] {0, 5, 50}) {
      Registry registry = registry(fanOut, 0);
      String self = null;
      for (int i = 0; i < 5; i++) {
        self = registered(register(registry, i, "h:1", "n" + i)).self().getNodeId();
      }
      assertEquals(Set.of("n0", "n1", "n2", "n3"), names(registry.listPeers(self).orElseThrow()));
    }
    var first = registered(register(registry(0, 0), 1, "h:1", "alone"));
    assertEquals(List.of(), first.peers());
  }

  @Test
  void aHundredThousandNamesStillGiveSamplesOfAtMostAHundredPeers() {
    Registry registry = registry(0, 0, 100_000, 100_000);
    RegisterOutcome.Registered last = null;
    for (int i = 0; i < 100_000; i++) {
      last = registered(registry.register(Fixtures.request(Fixtures.numberedKey(i), "h" + i + ":1",
          "junk-" + i, i, 1), SOURCE));
      assertTrue(last.peers().size() <= Registry.MAX_SAMPLE_PEERS);
    }
    assertEquals(100_000, registry.liveCount());
    assertEquals(Registry.MAX_SAMPLE_PEERS, last.peers().size());
    assertEquals(Registry.MAX_SAMPLE_PEERS, names(registry.listPeers(last.self().getNodeId()).orElseThrow()).size());
  }

  @Test
  void theSameSeedAndHistoryGiveTheSameIdsAndSamples() {
    List<List<PeerInfo>> runs = new java.util.ArrayList<>();
    for (int run = 0; run < 2; run++) {
      Registry registry = new Registry(2, LEASE_MS, 100, 100, List.of(), clock::millis,
          new Random(Fixtures.SEED));
      RegisterOutcome.Registered last = null;
      for (int i = 0; i < 8; i++) {
        last = registered(register(registry, i, "h:1", "n" + i));
      }
      runs.add(last.peers());
      runs.add(registry.listPeers(last.self().getNodeId()).orElseThrow());
    }
    assertEquals(runs.get(0), runs.get(2));
    assertEquals(runs.get(1), runs.get(3));
    Registry other = new Registry(0, LEASE_MS, 100, 100, List.of(), clock::millis, new Random(1));
    assertNotEquals(runs.get(0).get(0).getNodeId(),
        registered(register(other, 0, "h:1", "n0")).self().getNodeId());
  }

  @Test
  void malformedRegistrationsAreRejectedNamingTheField() {
    Registry registry = registry(0, 0);
    assertField(register(registry, 1, "nohost", "a"), "address");
    assertField(register(registry, 1, "h:0", "a"), "port");
    assertField(register(registry, 1, "h:1", ""), "node_name");
    assertField(registry.register(Fixtures.request(ByteString.EMPTY, "h:1", "a", 1, 1), SOURCE),
        "public_key is required");
    assertEquals(0, registry.registeredCount());
  }

  private static void assertField(RegisterOutcome outcome, String field) {
    Rejection rejection = rejected(outcome);
    assertEquals(Rejection.Kind.INVALID_ARGUMENT, rejection.kind());
    assertTrue(rejection.message().contains(field), rejection.message());
  }
}
