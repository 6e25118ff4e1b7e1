package org.lpos.node.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lpos.node.it.LaunchedProcesses.height;
import static org.lpos.node.it.LaunchedProcesses.status;
import static org.lpos.testing.Eventually.await;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lpos.chain.chainfile.MemberFiles;
import org.lpos.chain.genesis.GenesisBuilder;
import org.lpos.chain.model.Member;
import org.lpos.chain.model.Scripts;
import org.lpos.proto.v1.GetBalanceRequest;
import org.lpos.proto.v1.GetBalanceResponse;
import org.lpos.proto.v1.GetBlockRequest;
import org.lpos.proto.v1.GetBlockResponse;
import org.lpos.proto.v1.GetSenateRequest;
import org.lpos.proto.v1.GetSenateResponse;
import org.lpos.proto.v1.NodeGrpc;
import org.lpos.proto.v1.SenateSeat;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TxOutput;

/**
 * One discovery process and four node processes that get their keys (members 0-3) and the
 * {@code tx-rate} instruction from it: the nodes commit the workload's blocks, agree on the hash
 * at every height, conserve the genesis total (the workload pays no fees), and keep committing
 * after one node holding at most f = 1 seat is stopped with SIGTERM. The senate is redrawn at
 * every height by stake, so the chain gives member 3 a small stake and the test stops the
 * poorest eligible node: with equal stakes the stopped node would hold two of the four seats at
 * some later height with high probability, and a chain without a quorum stalls by design.
 */
class DiscoveryClusterIT {
  private static final String CHAIN_ID = "lpos-discovery-it";
  private static final long RICH = 333_000;
  private static final long POOR = 1_000;
  private static final long TOTAL = 3 * RICH + POOR;

  @Test
  void nodesBootstrappedByDiscoveryCommitAgreeConserveValueAndSurviveAStoppedNode(@TempDir Path dir)
      throws Exception {
    Path membersFile = LaunchedProcesses.HOME.resolve("data/members.json");
    List<Member> members = MemberFiles.readMembers(membersFile).subList(0, 4);
    Path chainFile = writeChain(dir, members);
    try (LaunchedProcesses run = new LaunchedProcesses(dir)) {
      int discoveryPort = run.discovery("discovery", List.of("-n", "4", "-t", "1", "-m", "4", "-l", "4",
          "--fan-out", "0", "--inst", "1", "tx-rate", "20", "--members", membersFile.toString(),
          "--output-dir", dir.resolve("discovery").toString()));
      List<Process> processes = new ArrayList<>();
      List<NodeGrpc.NodeBlockingStub> nodes = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        int port = LaunchedProcesses.freePort();
        processes.add(run.lpos("node-" + i, List.of("node", String.valueOf(port), "4", "1", "4",
            "--host", "127.0.0.1", "--discovery", "127.0.0.1:" + discoveryPort, "--chain", chainFile.toString(),
            "--fan-out", "0", "--output-dir", dir.toString(), "--name", "node-" + i)));
        nodes.add(run.node(port));
      }
      await("four nodes answering", 60, () -> nodes.stream().allMatch(n -> height(n) >= 1), () -> heights(nodes));
      await("height 4 on every node", 60, () -> nodes.stream().allMatch(n -> height(n) >= 5), () -> heights(nodes));

      assertSameHashAtEveryHeight(nodes);
      Set<ByteString> keys = new HashSet<>();
      members.forEach(m -> keys.add(m.keys().publicKey()));
      await("every node's workload committed", 60, () -> workloadsSeen(nodes.get(0), keys).equals(keys),
          () -> heights(nodes));
      assertValueConserved(nodes.get(1), members);

      int reader = (indexOf(nodes, members.get(3).keys().publicKey()) + 1) % nodes.size();
      GetSenateResponse senate = nodes.get(reader).getSenate(GetSenateRequest.getDefaultInstance());
      int victim = chooseNodeToStop(nodes, senate, reader);
      int seats = seatsOf(status(nodes.get(victim)).orElseThrow().getPublicKey(), senate);
      assertTrue(seats <= 1, "stopping a node with " + seats + " seats at height " + senate.getHeight());
      int exit = LaunchedProcesses.terminate(processes.get(victim));
      assertTrue(exit == 0 || exit == 128 + 15, "exit code after SIGTERM (shutdown hook ran): " + exit);

      List<NodeGrpc.NodeBlockingStub> rest = new ArrayList<>(nodes);
      rest.remove(victim);
      long base = rest.stream().mapToLong(LaunchedProcesses::height).max().orElseThrow();
      await("three more blocks without node-" + victim, 60,
          () -> rest.stream().allMatch(n -> height(n) >= base + 3), () -> heights(rest));
      assertSameHashAtEveryHeight(rest);
    }
  }

  private static Path writeChain(Path dir, List<Member> members) throws Exception {
    List<GenesisBuilder.Allocation> allocations = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      allocations.add(new GenesisBuilder.Allocation(members.get(i).keys().publicKey(), i == 3 ? POOR : RICH));
    }
    return TestChains.write(dir, CHAIN_ID, "discovery-it", 4, allocations);
  }

  /** Every height each node has committed has one hash across all the nodes that have it. */
  private static void assertSameHashAtEveryHeight(List<NodeGrpc.NodeBlockingStub> nodes) {
    Map<Long, Set<ByteString>> hashes = new HashMap<>();
    for (NodeGrpc.NodeBlockingStub n : nodes) {
      long committed = height(n) - 1;
      for (long h = 1; h <= committed; h++) {
        ByteString hash = n.getBlock(GetBlockRequest.newBuilder().setHeight(h).build()).getHash();
        hashes.computeIfAbsent(h, k -> new HashSet<>()).add(hash);
      }
    }
    assertTrue(hashes.size() >= 4, "heights compared: " + hashes.keySet());
    hashes.forEach((h, set) -> assertEquals(1, set.size(), "hashes at height " + h));
  }

  /**
   * The members whose workload shows in the committed blocks; fails if a block pays anyone but
   * members 0-3. A workload starts by splitting one of its node's outputs into many outputs to
   * itself, so a member is seen once such a transaction of its own is committed.
   */
  private static Set<ByteString> workloadsSeen(NodeGrpc.NodeBlockingStub node, Set<ByteString> keys) {
    Set<ByteString> splitters = new HashSet<>();
    for (long h = 1; h < height(node); h++) {
      GetBlockResponse b = node.getBlock(GetBlockRequest.newBuilder().setHeight(h).build());
      for (Transaction tx : b.getBlock().getBlock().getTransactionsList()) {
        Set<ByteString> owners = new HashSet<>();
        for (TxOutput o : tx.getOutputsList()) {
          Scripts.standardOwner(o.getLock()).ifPresent(owners::add);
        }
        assertTrue(keys.containsAll(owners), "the workload pays only members 0-3");
        if (tx.getOutputsCount() > 2 && owners.size() == 1) {
          splitters.addAll(owners);
        }
      }
    }
    return splitters;
  }

  /** Balances of members 0-3 read at one height sum to the genesis total (no fees are paid). */
  private static void assertValueConserved(NodeGrpc.NodeBlockingStub node, List<Member> members)
      throws InterruptedException {
    long[] sum = {-1};
    await("four balances read at one height", 30, () -> {
      Set<Long> heights = new HashSet<>();
      long total = 0;
      for (Member m : members) {
        GetBalanceResponse r = node.getBalance(GetBalanceRequest.newBuilder().setOwner(m.keys().publicKey()).build());
        heights.add(r.getHeight());
        total += r.getBalance();
      }
      sum[0] = total;
      return heights.size() == 1;
    });
    assertEquals(TOTAL, sum[0], "sum of the balances of members 0-3");
  }

  /** The node with the least stake among those with at most f = 1 seat, other than {@code reader}. */
  private static int chooseNodeToStop(List<NodeGrpc.NodeBlockingStub> nodes, GetSenateResponse senate, int reader) {
    List<Integer> eligible = new ArrayList<>();
    Map<Integer, Long> balance = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      ByteString key = status(nodes.get(i)).orElseThrow().getPublicKey();
      if (i != reader && seatsOf(key, senate) <= 1) {
        eligible.add(i);
        balance.put(i, nodes.get(reader).getBalance(GetBalanceRequest.newBuilder().setOwner(key).build()).getBalance());
      }
    }
    return eligible.stream().min(Comparator.comparing(balance::get))
        .orElseThrow(() -> new AssertionError("no node holds at most one seat: " + senate));
  }

  private static int indexOf(List<NodeGrpc.NodeBlockingStub> nodes, ByteString key) {
    for (int i = 0; i < nodes.size(); i++) {
      if (status(nodes.get(i)).orElseThrow().getPublicKey().equals(key)) {
        return i;
      }
    }
    throw new AssertionError("no node runs as " + key);
  }

  private static int seatsOf(ByteString key, GetSenateResponse senate) {
    return (int) senate.getSeatsList().stream().map(SenateSeat::getOwner).filter(key::equals).count();
  }

  private static String heights(List<NodeGrpc.NodeBlockingStub> nodes) {
    return "(heights " + nodes.stream().map(n -> String.valueOf(height(n))).toList() + ")";
  }
}
