package org.lpos.node.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lpos.node.it.LaunchedProcesses.height;
import static org.lpos.testing.Eventually.await;

import com.google.protobuf.ByteString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lpos.chain.chainfile.MemberFiles;
import org.lpos.chain.genesis.GenesisBuilder;
import org.lpos.chain.model.Member;
import org.lpos.chain.model.Scripts;
import org.lpos.chain.model.Transactions;
import org.lpos.proto.v1.GetBlockRequest;
import org.lpos.proto.v1.ListUtxosRequest;
import org.lpos.proto.v1.NodeGrpc;
import org.lpos.proto.v1.SubmitTransactionRequest;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TxInput;
import org.lpos.proto.v1.TxOutput;
import org.lpos.proto.v1.Utxo;

/**
 * Four node processes on 127.0.0.1 (the packaged {@code lpos.jar}, static peers): they commit
 * the transactions a client submits and every node reports the same block at every height.
 * Every process started is stopped; conditions are polled with a deadline.
 */
class LocalClusterIT {
  private static final Path HOME = LaunchedProcesses.HOME;

  @Test
  void fourProcessesCommitSubmittedTransactionsAndAgree(@TempDir Path dir) throws Exception {
    try (LaunchedProcesses run = new LaunchedProcesses(dir)) {
      commitAndAgree(run, dir);
    }
  }

  private static void commitAndAgree(LaunchedProcesses run, Path dir) throws Exception {
    List<Member> members = MemberFiles.readMembers(HOME.resolve("data/members.json")).subList(0, 4);
    List<GenesisBuilder.Allocation> allocations = new ArrayList<>();
    for (Member m : members) {
      allocations.add(new GenesisBuilder.Allocation(m.keys().publicKey(), 250_000));
    }
    Path chainFile = TestChains.write(dir, "lpos-it", "it", 4, allocations);

    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ports.add(LaunchedProcesses.freePort());
    }
    for (int i = 0; i < 4; i++) {
      List<String> cmd = new ArrayList<>(List.of("node",
          String.valueOf(ports.get(i)), "4", "1", "4", "--host", "127.0.0.1", "--member-index", String.valueOf(i),
          "--members", HOME.resolve("data/members.json").toString(), "--chain", chainFile.toString(),
          "--fan-out", "0", "--output-dir", dir.toString(), "--name", "n" + i, "--discovery", "none"));
      for (int j = 0; j < 4; j++) {
        if (j != i) {
          cmd.add("--peer");
          cmd.add("127.0.0.1:" + ports.get(j));
        }
      }
      run.lpos("n" + i, cmd);
    }
    List<NodeGrpc.NodeBlockingStub> clients = ports.stream().map(run::node).toList();
    await("all nodes up", 60, () -> clients.stream().allMatch(c -> height(c) >= 1));

    NodeGrpc.NodeBlockingStub alice = clients.get(0);
    for (int k = 0; k < 3; k++) {
      Utxo source = alice.listUtxos(ListUtxosRequest.newBuilder().setOwner(members.get(0).keys().publicKey()).build())
          .getUtxos(0);
      Transaction tx = Transactions.sign("lpos-it", Transaction.newBuilder()
          .addInputs(TxInput.newBuilder().setSpends(source.getRef()))
          .addOutputs(TxOutput.newBuilder().setValue(10).setLock(Scripts.standardLock(members.get(1).keys().publicKey())))
          .addOutputs(TxOutput.newBuilder().setValue(source.getValue() - 10).setLock(Scripts.standardLock(members.get(0).keys().publicKey())))
          .build(), List.of(members.get(0).keys()));
      alice.submitTransaction(SubmitTransactionRequest.newBuilder().setTransaction(tx).build());
      long target = k + 2L;
      await("height " + (k + 1) + " everywhere", 60, () -> clients.stream().allMatch(c -> height(c) >= target));
    }
    for (long h = 1; h <= 3; h++) {
      Set<ByteString> hashes = new HashSet<>();
      for (NodeGrpc.NodeBlockingStub c : clients) {
        hashes.add(c.getBlock(GetBlockRequest.newBuilder().setHeight(h).build()).getHash());
      }
      assertEquals(1, hashes.size(), "one block at height " + h);
    }
    assertTrue(Files.readString(dir.resolve("n2").resolve("blocks.csv")).lines().count() >= 4,
        "each node writes its committed blocks as CSV");
  }
}
