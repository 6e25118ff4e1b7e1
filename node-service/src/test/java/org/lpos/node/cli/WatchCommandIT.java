package org.lpos.node.cli;

import org.lpos.node.cli.ExitCodes;
import org.lpos.cli.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lpos.testing.Eventually.await;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.lpos.chain.chainfile.ChainFiles;
import org.lpos.chain.crypto.Hex;
import org.lpos.chain.genesis.GenesisBuilder;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.chain.model.Member;
import org.lpos.chain.model.Scripts;
import org.lpos.chain.model.Transactions;
import org.lpos.node.consensus.ConsensusConfig;
import org.lpos.node.server.LposNode;
import org.lpos.node.server.NodeConfig;
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
import org.lpos.node.net.ClientTls;
import org.lpos.node.net.NodeChannels;

/**
 * {@code lpos watch}, the command-line WatchBlocks: against a one-seat node that committed a
 * transaction it prints height 1 with the block's hash and stops after {@code --count}; bad
 * options are refused before any call.
 */
class WatchCommandIT {
  @Test
  void printsOneLinePerCommittedBlock() throws Exception {
    Member alice = TestMembers.derive(51, 1).get(0);
    ChainParams params = ChainParams.newBuilder().setChainId("lpos-watch").setSenateSeats(1)
        .setMaxBlockTransactions(100).setMaxBlockBytes(1 << 20).build();
    ChainFile chain = ChainFile.newBuilder().setFormat(ChainFiles.FORMAT).addBlocks(CertifiedBlock.newBuilder()
        .setBlock(GenesisBuilder.build(params, ByteString.copyFromUtf8("w"), 0,
            List.of(new GenesisBuilder.Allocation(alice.keys().publicKey(), 1_000))))).build();
    try (LposNode node = LposNode.start(new NodeConfig("127.0.0.1", 0, "127.0.0.1", "w0", alice.keys(), chain, 0,
        List.of(), ConsensusConfig.defaults(), null))) {
      ManagedChannel channel = NodeChannels.open("127.0.0.1", node.port(), ClientTls.acceptingAnyServer());
      try {
        NodeGrpc.NodeBlockingStub client = NodeGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
        Utxo source = client.listUtxos(ListUtxosRequest.newBuilder().setOwner(alice.keys().publicKey()).build())
            .getUtxos(0);
        Transaction tx = Transactions.sign("lpos-watch", Transaction.newBuilder()
            .addInputs(TxInput.newBuilder().setSpends(source.getRef()))
            .addOutputs(TxOutput.newBuilder().setValue(source.getValue())
                .setLock(Scripts.standardLock(alice.keys().publicKey())))
            .build(), List.of(alice.keys()));
        client.submitTransaction(SubmitTransactionRequest.newBuilder().setTransaction(tx).build());
        await("height 1 committed", 60,
            () -> client.getStatus(GetStatusRequest.getDefaultInstance()).getHeight() >= 2);
        ByteString hash = client.getBlock(GetBlockRequest.newBuilder().setHeight(1).build()).getHash();

        CliRun run = CliRun.of("watch", "--node", "127.0.0.1:" + node.port(), "--from-height", "1", "--count", "1");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("height 1 hash " + Hex.encode(hash) + " txs 1 round 0\n", run.out().replace("\r\n", "\n"));
      } finally {
        channel.shutdownNow();
      }
    }
  }

  @Test
  void badOptionsAreRefused() {
    CliRun run = CliRun.of("watch", "--count", "0");
    assertEquals(ExitCodes.BAD_INPUT, run.exitCode());
    assertTrue(run.err().contains("--count at least 1"), run.err());
  }
}
