package org.lpos.node.server;

import java.nio.file.Path;
import org.lpos.node.scenario.PaymentScenarios;
import org.lpos.node.scenario.ScenarioChain;
import org.lpos.node.scenario.ScenarioCluster;

/**
 * The payment scenarios over real gRPC: four {@link LposNode}s with their real peer mesh,
 * handshake, Node API and stores, connected by grpc-java's in-process transport. Named
 * {@code *Test}, not {@code *IT}: the house keeps {@code *IT} for tests that open sockets or start
 * processes, and the in-process transport opens neither (no port, no thread outside this JVM's
 * pools), so it runs with the unit tests. The same scenarios run over the in-memory network in
 * {@code org.lpos.node.consensus.InMemoryPaymentScenarioTest}.
 */
class InProcessPaymentScenarioTest extends PaymentScenarios {
  @Override
  protected ScenarioCluster start(ScenarioChain chain, Path dir) throws Exception {
    return new InProcessScenarioCluster(chain, dir);
  }
}
