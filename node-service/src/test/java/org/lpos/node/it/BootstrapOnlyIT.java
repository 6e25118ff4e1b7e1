package org.lpos.node.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lpos.node.it.LaunchedProcesses.height;
import static org.lpos.testing.Eventually.await;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lpos.chain.chainfile.MemberFiles;
import org.lpos.chain.genesis.GenesisBuilder;
import org.lpos.chain.model.Member;
import org.lpos.chain.model.Scripts;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.GetBlockRequest;
import org.lpos.proto.v1.NodeGrpc;
import org.lpos.proto.v1.Transaction;

/**
 * The original's {@code --inst 5 bootstrap-only} (no parameter) on one discovery process and four
 * node processes: blocks are committed (before the one workload definition bootstrap-only sent
 * nothing, so none were), and no node sends more than one transaction per second.
 */
class BootstrapOnlyIT {
  @Test
  void bootstrapOnlySendsOneTransactionPerSecondPerSenator(@TempDir Path dir) throws Exception {
    Path membersFile = LaunchedProcesses.HOME.resolve("data/members.json");
    List<Member> members = MemberFiles.readMembers(membersFile).subList(0, 4);
    List<GenesisBuilder.Allocation> allocations = new ArrayList<>();
    members.forEach(m -> allocations.add(new GenesisBuilder.Allocation(m.keys().publicKey(), 100_000)));
    Path chainFile = TestChains.write(dir, "lpos-bootstrap-it", "bootstrap-it", 4, allocations);
    try (LaunchedProcesses run = new LaunchedProcesses(dir)) {
      int discoveryPort = run.discovery("discovery", List.of("-n", "4", "-t", "1", "-m", "4", "-l", "4",
          "--fan-out", "0", "--inst", "5", "bootstrap-only", "--members", membersFile.toString(),
          "--output-dir", dir.resolve("discovery").toString()));
      List<NodeGrpc.NodeBlockingStub> nodes = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        int port = LaunchedProcesses.freePort();
        run.lpos("node-" + i, List.of("node", String.valueOf(port), "4", "1", "4", "--host", "127.0.0.1",
            "--discovery", "127.0.0.1:" + discoveryPort, "--chain", chainFile.toString(), "--fan-out", "0",
            "--output-dir", dir.toString(), "--name", "node-" + i));
        nodes.add(run.node(port));
      }
      NodeGrpc.NodeBlockingStub node = nodes.get(0);
      await("ten bootstrap-only blocks", 120, () -> height(node) > 10);

      // Each transaction's change goes back to its sender, so the last output names it.
      Map<ByteString, List<Long>> sentAtMs = new HashMap<>();
      for (long h = 1; h < height(node); h++) {
        Block b = node.getBlock(GetBlockRequest.newBuilder().setHeight(h).build()).getBlock().getBlock();
        for (Transaction tx : b.getTransactionsList()) {
          ByteString sender = Scripts.standardOwner(tx.getOutputs(tx.getOutputsCount() - 1).getLock()).orElseThrow();
          sentAtMs.computeIfAbsent(sender, k -> new ArrayList<>()).add(b.getHeader().getTimestampMs());
        }
      }
      assertTrue(!sentAtMs.isEmpty(), "no transaction committed");
      sentAtMs.forEach((sender, times) -> {
        long spanMs = times.get(times.size() - 1) - times.get(0);
        // One per second: n transactions span at least n - 1 s, less what commit latency hides.
        assertTrue(times.size() <= spanMs / 1_000 + 3,
            times.size() + " transactions of one sender committed within " + spanMs + " ms");
      });
    }
  }
}
