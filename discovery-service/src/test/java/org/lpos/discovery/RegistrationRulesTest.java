package org.lpos.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
    Rejection rejection = RegistrationRules.check(Fixtures.key(1), "h:1", name, true).orElseThrow();
    assertTrue(rejection.message().startsWith("node_name"), rejection.message());
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 64, 128})
  void acceptsNodeNamesUpTo128Characters(int length) {
    assertEquals(Optional.empty(),
        RegistrationRules.check(Fixtures.key(1), "h:1", "x".repeat(length), true));
  }

  @ParameterizedTest
  @ValueSource(ints = {129, 1000})
  void rejectsLongerNodeNames(int length) {
    assertTrue(RegistrationRules.check(Fixtures.key(1), "h:1", "x".repeat(length), true)
        .orElseThrow().message().startsWith("node_name"));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 31, 33, 64})
  void rejectsKeysThatAreNot32Bytes(int size) {
    for (boolean required : new boolean[] {true, false}) {
      Rejection rejection = RegistrationRules
          .check(ByteString.copyFrom(new byte[size]), "h:1", "a", required).orElseThrow();
      assertTrue(rejection.message().contains("public_key must be empty or 32 bytes, got " + size),
          rejection.message());
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void anEmptyKeyIsOnlyAcceptedWhenTheServerPreloads(boolean required) {
    assertEquals(required,
        RegistrationRules.check(ByteString.EMPTY, "h:1", "a", required).isPresent());
  }
}
