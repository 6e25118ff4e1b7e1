package org.lpos.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lpos.testing.Eventually.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.chain.model.Member;
import org.lpos.node.consensus.ConsensusConfig;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.ChainFile;

/**
 * A node with a data directory keeps its chain across a restart and resumes at its stored height;
 * a data directory whose store is damaged stops the node at start with a message saying what is
 * wrong, and changes nothing.
 */
class DurableNodeIT {
  private final Member solo = TestMembers.derive(3, 1).get(0);
  private final ChainFile chain = LoopbackNodes.chain("lpos-durable-test", "durable", 1, List.of(solo), 1_000_000);

  @Test
  void aRestartedNodeResumesFromItsStoreAndADamagedStoreIsRefused(@TempDir Path data) throws Exception {
    CertifiedBlock first;
    try (LposNode node = start(data)) {
      SoloPayments.payToSelf(node, "lpos-durable-test", solo);
      await("height 1 committed", 30, () -> node.driver().status().height() >= 2);
      first = node.blocks().block(1).orElseThrow();
    }
    assertTrue(Files.isRegularFile(data.resolve("signer.state")));
    assertTrue(Files.isDirectory(data.resolve(LposNode.CHAIN_STORE_DIR)));

    try (LposNode node = start(data)) {
      assertEquals(2, node.driver().status().height(), "resumed after the stored block");
      assertEquals(Optional.of(first), node.blocks().block(1));
      SoloPayments.payToSelf(node, "lpos-durable-test", solo);
      await("height 2 committed after the restart", 30, () -> node.driver().status().height() >= 3);
    }

    Files.delete(data.resolve(LposNode.CHAIN_STORE_DIR).resolve("CURRENT"));
    IOException e = assertThrows(IOException.class, () -> start(data));
    assertTrue(e.getMessage().contains("no CURRENT file"), e.getMessage());
    assertFalse(Files.exists(data.resolve(LposNode.CHAIN_STORE_DIR).resolve("CURRENT")), "nothing was recreated");
  }

  @Test
  void aNodeClosedFromTwoThreadsAtOnceClosesOnceAndItsStoreOpensAgain(@TempDir Path data) throws Exception {
    LposNode node = start(data);
    SoloPayments.payToSelf(node, "lpos-durable-test", solo);
    await("height 1 committed", 30, () -> node.driver().status().height() >= 2);
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService closers = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> closes = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        closes.add(closers.submit(() -> {
          go.await();
          node.close();
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : closes) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      closers.shutdownNow();
    }
    node.close();

    try (LposNode again = start(data)) {
      assertEquals(2, again.driver().status().height(), "the store was closed whole and resumes after block 1");
    }
  }

  private LposNode start(Path data) throws IOException {
    return LposNode.start(new NodeConfig("127.0.0.1", 0, "127.0.0.1", "solo", solo.keys(), chain, 0, List.of(),
        ConsensusConfig.defaults(), null, data, 0));
  }
}
