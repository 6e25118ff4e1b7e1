package org.lpos.node.server;

import io.grpc.ManagedChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.lpos.chain.chainfile.ChainFiles;
import org.lpos.chain.model.Member;
import org.lpos.node.api.ApiLimits;
import org.lpos.node.consensus.ConsensusConfig;
import org.lpos.node.net.ServerTls;
import org.lpos.node.scenario.ScenarioChain;
import org.lpos.node.scenario.ScenarioCluster;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.ChainFile;
import org.lpos.proto.v1.GetBlockRequest;
import org.lpos.proto.v1.GetStatusRequest;
import org.lpos.proto.v1.NodeGrpc;
import org.lpos.proto.v1.SubmitTransactionRequest;
import org.lpos.proto.v1.Transaction;

/**
 * A {@link ScenarioCluster} of real {@link LposNode}s over gRPC's in-process transport (see
 * {@link InProcessTransport}): each node has its driver, peer mesh, handshake, Node API and a
 * durable store in its own data directory; the scenario submits and reads through the Node API
 * as a client would. A crash closes the node, a restart starts it again on the same directory.
 * Waiting polls every 20 ms for up to 20 s of wall-clock time.
 */
final class InProcessScenarioCluster implements ScenarioCluster {
  private static final AtomicInteger CLUSTERS = new AtomicInteger();
  private static final long DEADLINE_S = 20;
  private static final long CALL_DEADLINE_S = 5;

  private final InProcessTransport transport =
      new InProcessTransport("lpos-scenario-" + CLUSTERS.incrementAndGet() + "-");
  private final List<NodeConfig> configs = new ArrayList<>();
  private final List<LposNode> nodes = new ArrayList<>();
  private final List<ManagedChannel> channels = new ArrayList<>();

  /**
   * Starts one node per member of {@code chain}, each keeping its data under {@code dir}, then
   * peers them all and waits for the full mesh (dialling only once every server is up spares the
   * dialers their backoff).
   */
  InProcessScenarioCluster(ScenarioChain chain, Path dir) throws IOException {
    ChainFile file = ChainFile.newBuilder().setFormat(ChainFiles.FORMAT)
        .addBlocks(CertifiedBlock.newBuilder().setBlock(chain.genesis())).build();
    try {
      for (Member m : chain.members()) {
        String name = "n" + m.index();
        List<String> others = new ArrayList<>();
        for (Member o : chain.members()) {
          if (o != m) {
            others.add(transport.address("n" + o.index()));
          }
        }
        configs.add(new NodeConfig("in-process", 0, "in-process", name, m.keys(), file, 0, others,
            ConsensusConfig.defaults(), null, dir.resolve(name), 0, NodeConfig.defaultLimits(file),
            ApiLimits.defaults(), ServerTls.off(), OptionalInt.empty(), "", SendPolicy.Factory.HONEST,
            Optional.empty()));
        nodes.add(null);
        channels.add(null);
        open(nodes.size() - 1, List.of());
      }
      for (int i = 0; i < nodes.size(); i++) {
        configs.get(i).peers().forEach(nodes.get(i).network()::connect);
      }
      await("a full mesh", () -> nodes.stream().allMatch(n -> n.network().connected().size() == nodes.size() - 1));
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Starts node {@code i} dialling {@code peers} and opens a client channel to it. */
  private void open(int i, List<String> peers) throws IOException {
    NodeConfig c = configs.get(i);
    NodeConfig config = new NodeConfig(c.host(), c.port(), c.advertise(), c.nodeName(), c.key(), c.chain(), c.fanOut(),
        peers, c.consensus(), c.outputDir(), c.dataDir(), c.sendDelayMs(), c.peerLimits(), c.apiLimits(), c.tls(),
        c.healthPort(), c.chainName(), c.sendPolicy(), c.sourceAddress());
    nodes.set(i, LposNode.start(config, transport));
    channels.set(i, transport.channel(config.nodeName()));
  }

  private NodeGrpc.NodeBlockingStub client(int node) {
    return NodeGrpc.newBlockingStub(channels.get(node)).withDeadlineAfter(CALL_DEADLINE_S, TimeUnit.SECONDS);
  }

  @Override
  public void submit(int node, Transaction tx) {
    client(node).submitTransaction(SubmitTransactionRequest.newBuilder().setTransaction(tx).build());
  }

  @Override
  public void stop(int node) {
    channels.get(node).shutdownNow();
    nodes.get(node).close();
  }

  @Override
  public void restart(int node) {
    try {
      open(node, configs.get(node).peers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public long height(int node) {
    // The status reports the height being decided: one past the last committed block.
    return client(node).getStatus(GetStatusRequest.getDefaultInstance()).getHeight() - 1;
  }

  @Override
  public List<CertifiedBlock> chain(int node) {
    long height = height(node);
    List<CertifiedBlock> blocks = new ArrayList<>();
    for (long h = 1; h <= height; h++) {
      blocks.add(client(node).getBlock(GetBlockRequest.newBuilder().setHeight(h).build()).getBlock());
    }
    return blocks;
  }

  @Override
  public void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_S);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + DEADLINE_S + " s: " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }

  @Override
  public void close() {
    for (int i = 0; i < nodes.size(); i++) {
      if (channels.get(i) != null) {
        channels.get(i).shutdownNow();
      }
      if (nodes.get(i) != null) {
        nodes.get(i).close();
      }
    }
  }
}
