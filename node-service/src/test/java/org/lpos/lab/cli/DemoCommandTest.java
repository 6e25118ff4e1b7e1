package org.lpos.lab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DemoCommandTest {
  /** The demo's nodes speak TLS: the hint once said -plaintext, which fails against them. */
  @Test
  void theInspectHintMatchesTheNodesTransport() {
    assertEquals("inspect: grpcurl -insecure 127.0.0.1:7001 lpos.v1.Node/GetStatus,"
        + " or ./lpos status --node 127.0.0.1:7001", DemoCommand.inspectLine(7001, true));
    assertEquals("inspect: grpcurl -plaintext 127.0.0.1:7001 lpos.v1.Node/GetStatus,"
        + " or ./lpos status --node 127.0.0.1:7001 --tls=off", DemoCommand.inspectLine(7001, false));
  }
}
