package org.lpos.node.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lpos.chain.chainfile.ChainFiles;
import org.lpos.chain.chainfile.MemberFiles;
import org.lpos.chain.genesis.GenesisBuilder;
import org.lpos.chain.model.Member;
import org.lpos.chain.model.Scripts;
import org.lpos.chain.model.Transactions;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.ChainFile;
import org.lpos.proto.v1.ChainParams;
import org.lpos.proto.v1.GetBlockRequest;
import org.lpos.proto.v1.GetStatusRequest;
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
  private static final Path JAR = Path.of(System.getProperty("lpos.jar", "target/lpos.jar"));
  private static final Path HOME = Path.of(System.getProperty("lpos.home", ".."));
  private final List<Process> processes = new ArrayList<>();
  private final List<ManagedChannel> channels = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    channels.forEach(ManagedChannel::shutdownNow);
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  private NodeGrpc.NodeBlockingStub client(int port) {
    ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    channels.add(ch);
    return NodeGrpc.newBlockingStub(ch);
  }

  private static long heightOf(NodeGrpc.NodeBlockingStub c) {
    try {
      return c.withDeadlineAfter(2, TimeUnit.SECONDS).getStatus(GetStatusRequest.getDefaultInstance()).getHeight();
    } catch (RuntimeException notUpYet) {
      return -1;
    }
  }

  @Test
  void fourProcessesCommitSubmittedTransactionsAndAgree(@TempDir Path dir) throws Exception {
    List<Member> members = MemberFiles.readMembers(HOME.resolve("data/members.json")).subList(0, 4);
    List<GenesisBuilder.Allocation> allocations = new ArrayList<>();
    for (Member m : members) {
      allocations.add(new GenesisBuilder.Allocation(m.keys().publicKey(), 250_000));
    }
    ChainParams params = ChainParams.newBuilder().setChainId("lpos-it").setSenateSeats(4)
        .setMaxBlockTransactions(1_000).setMaxBlockBytes(1 << 20).build();
    ChainFile chain = ChainFile.newBuilder().setFormat(ChainFiles.FORMAT).addBlocks(CertifiedBlock.newBuilder()
        .setBlock(GenesisBuilder.build(params, ByteString.copyFromUtf8("it"), 0, allocations))).build();
    Path chainFile = dir.resolve("chain.json");
    ChainFiles.write(chainFile, chain);

    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ports.add(freePort());
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    for (int i = 0; i < 4; i++) {
      List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "-jar", JAR.toString(), "node",
          String.valueOf(ports.get(i)), "4", "1", "4", "--host", "127.0.0.1", "--member-index", String.valueOf(i),
          "--members", HOME.resolve("data/members.json").toString(), "--chain", chainFile.toString(),
          "--fan-out", "0", "--output-dir", dir.toString(), "--name", "n" + i));
      for (int j = 0; j < 4; j++) {
        if (j != i) {
          cmd.add("--peer");
          cmd.add("127.0.0.1:" + ports.get(j));
        }
      }
      processes.add(new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(dir.resolve("n" + i + ".out").toFile()).start());
    }
    List<NodeGrpc.NodeBlockingStub> clients = ports.stream().map(this::client).toList();
    await("all nodes up", () -> clients.stream().allMatch(c -> heightOf(c) >= 1));

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
      long target = k + 2;
      await("height " + (k + 1) + " everywhere", () -> clients.stream().allMatch(c -> heightOf(c) >= target));
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
