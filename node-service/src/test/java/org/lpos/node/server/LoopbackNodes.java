package org.lpos.node.server;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.lpos.chain.chainfile.ChainFiles;
import org.lpos.chain.genesis.GenesisBuilder;
import org.lpos.chain.model.Member;
import org.lpos.node.consensus.ConsensusConfig;
import org.lpos.node.net.PeerLimits;
import org.lpos.node.net.ClientTls;
import org.lpos.node.net.NodeChannels;
import org.lpos.node.net.ServerTls;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.ChainFile;
import org.lpos.proto.v1.ChainParams;

/**
 * Real nodes in this JVM for tests (gRPC over Netty on 127.0.0.1, ephemeral ports) and the
 * channels to them: chains built from a few members' stakes, nodes started without peers, and
 * everything closed by {@link #close}. Conditions are polled with a deadline.
 */
public final class LoopbackNodes implements AutoCloseable {
  private final List<LposNode> nodes = new ArrayList<>();
  private final List<ManagedChannel> channels = new ArrayList<>();

  /** A genesis-only chain: {@code seats} senate seats, {@code each} coins to every stakeholder. */
  public static ChainFile chain(String chainId, String seed, int seats, List<Member> stakeholders, long each) {
    List<GenesisBuilder.Allocation> allocations = new ArrayList<>();
    for (Member m : stakeholders) {
      allocations.add(new GenesisBuilder.Allocation(m.keys().publicKey(), each));
    }
    ChainParams params = ChainParams.newBuilder().setChainId(chainId).setSenateSeats(seats)
        .setMaxBlockTransactions(1_000).setMaxBlockBytes(1 << 20).build();
    return ChainFile.newBuilder().setFormat(ChainFiles.FORMAT).addBlocks(CertifiedBlock.newBuilder()
        .setBlock(GenesisBuilder.build(params, ByteString.copyFromUtf8(seed), 0, allocations))).build();
  }

  /** Starts {@code member}'s node on {@code chain} with no peers. */
  public LposNode start(Member member, ChainFile chain) throws IOException {
    LposNode node = LposNode.start(new NodeConfig("127.0.0.1", 0, "127.0.0.1", "n" + member.index(), member.keys(),
        chain, 0, List.of(), ConsensusConfig.defaults(), null));
    nodes.add(node);
    return node;
  }

  /** Starts {@code member}'s node on {@code chain} with no peers, holding its peers to {@code limits}. */
  public LposNode start(Member member, ChainFile chain, PeerLimits limits) throws IOException {
    LposNode node = LposNode.start(new NodeConfig("127.0.0.1", 0, "127.0.0.1", "n" + member.index(), member.keys(),
        chain, 0, List.of(), ConsensusConfig.defaults(), null, null, 0).withPeerLimits(limits));
    nodes.add(node);
    return node;
  }

  /** Starts {@code member}'s node on {@code chain} with no peers, secured by {@code tls}. */
  public LposNode start(Member member, ChainFile chain, ServerTls tls, OptionalInt healthPort) throws IOException {
    LposNode node = LposNode.start(new NodeConfig("127.0.0.1", 0, "127.0.0.1", "n" + member.index(), member.keys(),
        chain, 0, List.of(), ConsensusConfig.defaults(), null, null, 0).withTls(tls, healthPort));
    nodes.add(node);
    return node;
  }

  /** A channel to {@code node} dialled with {@code tls}, closed with the nodes. */
  public ManagedChannel channel(LposNode node, ClientTls tls) {
    ManagedChannel ch = NodeChannels.open("127.0.0.1", node.port(), tls);
    channels.add(ch);
    return ch;
  }

  /** A TLS channel to {@code node} (any server certificate accepted), closed with the nodes. */
  public ManagedChannel channel(LposNode node) {
    ManagedChannel ch = NodeChannels.open("127.0.0.1", node.port(), ClientTls.acceptingAnyServer());
    channels.add(ch);
    return ch;
  }

  @Override
  public void close() {
    channels.forEach(ManagedChannel::shutdownNow);
    nodes.forEach(LposNode::close);
  }
}
