package org.lpos.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.proto.v1.RegisterRequest;

class RegistrationRulesTest {

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1:1", "node-3.lpos.svc:65535", "[::1]:8124", "h:08123"})
  void acceptsHostPort(String address) {
    assertEquals(Optional.empty(), RegistrationRules.addressProblem(address));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ":8123", "host", "host:", "host:0", "host:65536", "host:99999999",
      "host:-1", "host:12a", "::1:8123", "[]:1", "ho st:1", "h\n:1"})
  void rejectsOtherAddresses(String address) {
    String problem = RegistrationRules.addressProblem(address).orElseThrow();
    assertTrue(problem.startsWith("address"), problem);
    assertTrue(!problem.contains("\n"), problem);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "has space", "tab\t", "caf\u00e9", "bell\u0007"})
  void rejectsNodeNamesThatAreNotPrintable(String name) {
    Rejection rejection = RegistrationRules.check(request(Fixtures.key(1), "h:1", name)).orElseThrow();
    assertTrue(rejection.message().startsWith("node_name"), rejection.message());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 64, 128})
  void acceptsNodeNamesUpTo128Characters(int length) {
    assertEquals(Optional.empty(),
        RegistrationRules.check(request(Fixtures.key(1), "h:1", "x".repeat(length))));
  }

  @ParameterizedTest
  @ValueSource(ints = {129, 1000})
  void rejectsLongerNodeNames(int length) {
    assertTrue(RegistrationRules.check(request(Fixtures.key(1), "h:1", "x".repeat(length)))
        .orElseThrow().message().startsWith("node_name"));
  }

  @Test
  void rejectsAddressesLongerThan255Characters() {
    assertEquals(Optional.empty(), RegistrationRules.addressProblem("h".repeat(250) + ":8123"));
    assertTrue(RegistrationRules.addressProblem("h".repeat(251) + ":8123").orElseThrow()
        .startsWith("address must be at most 255"));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 31, 33, 64})
  void requiresA32ByteKey(int size) {
    Rejection rejection = RegistrationRules
        .check(request(ByteString.copyFrom(new byte[size]), "h:1", "a")).orElseThrow();
    assertTrue(rejection.message().startsWith("public_key is required (32 bytes"), rejection.message());
    assertTrue(rejection.message().endsWith("got " + size), rejection.message());
  }

  @Test
  void requiresAnInstanceIdAndASignature() {
    RegisterRequest ok = request(Fixtures.key(1), "h:1", "a");
    assertTrue(RegistrationRules.check(ok.toBuilder().clearInstanceId().build()).orElseThrow()
        .message().startsWith("instance_id must be 16"));
    assertTrue(RegistrationRules.check(ok.toBuilder().clearSignature().build()).orElseThrow()
        .message().startsWith("signature must be 64"));
  }

  @Test
  void theProofMustVerifyForTheKeyAndEveryFieldAndBeRecent() {
    KeyPair key = Fixtures.keyPair(7);
    RegisterRequest signed = Fixtures.signed(key, "127.0.0.1:9", "a", 1);
    long now = signed.getTimestampMs();
    assertEquals(Optional.empty(), RegistrationRules.proofProblem(signed, now, 60_000));
    List<RegisterRequest> tampered = List.of(
        signed.toBuilder().setAddress("127.0.0.1:10").build(),
        signed.toBuilder().setNodeName("b").build(),
        signed.toBuilder().setInstanceId(Fixtures.bytes(16, 2)).build(),
        signed.toBuilder().setTimestampMs(now + 1).build(),
        signed.toBuilder().setPublicKey(Fixtures.keyPair(8).publicKey()).build());
    for (RegisterRequest changed : tampered) {
      Rejection rejection = RegistrationRules.proofProblem(changed, now, 60_000).orElseThrow();
      assertEquals(Rejection.Kind.UNAUTHENTICATED, rejection.kind());
      assertTrue(rejection.message().startsWith("signature does not verify"), rejection.message());
    }
    for (long skew : new long[] {60_001, -60_001}) {
      Rejection late = RegistrationRules.proofProblem(signed, now + skew, 60_000).orElseThrow();
      assertEquals(Rejection.Kind.UNAUTHENTICATED, late.kind());
      assertTrue(late.message().contains("--max-clock-skew-seconds"), late.message());
    }
  }

  private static RegisterRequest request(ByteString key, String address, String name) {
    return Fixtures.request(key, address, name, 1, 1);
  }
}
