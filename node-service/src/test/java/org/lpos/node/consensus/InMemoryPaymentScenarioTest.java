package org.lpos.node.consensus;

import java.nio.file.Path;
import org.lpos.node.scenario.PaymentScenarios;
import org.lpos.node.scenario.ScenarioChain;
import org.lpos.node.scenario.ScenarioCluster;

/**
 * The payment scenarios over the in-memory network: the cores alone, a simulated clock, messages
 * delivered in FIFO order. The same scenarios run over real gRPC in
 * {@code org.lpos.node.server.InProcessPaymentScenarioTest}.
 */
class InMemoryPaymentScenarioTest extends PaymentScenarios {
  @Override
  protected ScenarioCluster start(ScenarioChain chain, Path dir) {
    return new InMemoryScenarioCluster(chain);
  }
}
