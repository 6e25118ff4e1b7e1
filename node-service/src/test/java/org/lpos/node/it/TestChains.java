package org.lpos.node.it;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.lpos.chain.chainfile.ChainFiles;
import org.lpos.chain.genesis.GenesisBuilder;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.ChainFile;
import org.lpos.proto.v1.ChainParams;

/** The one-block chains the multi-process tests start their nodes on. */
final class TestChains {
  private TestChains() {}

  /**
   * Writes {@code DIR/chain.json}: a genesis block with {@code allocations}, {@code seats} senate
   * seats, blocks of at most 1,000 transactions and 1 MiB, and the first {@code q} from {@code seed}.
   */
  static Path write(Path dir, String chainId, String seed, int seats, List<GenesisBuilder.Allocation> allocations)
      throws IOException {
    ChainParams params = ChainParams.newBuilder().setChainId(chainId).setSenateSeats(seats)
        .setMaxBlockTransactions(1_000).setMaxBlockBytes(1 << 20).build();
    ChainFile chain = ChainFile.newBuilder().setFormat(ChainFiles.FORMAT).addBlocks(CertifiedBlock.newBuilder()
        .setBlock(GenesisBuilder.build(params, ByteString.copyFromUtf8(seed), 0, allocations))).build();
    Path file = dir.resolve("chain.json");
    ChainFiles.write(file, chain);
    return file;
  }
}
