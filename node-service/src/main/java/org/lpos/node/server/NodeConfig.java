package org.lpos.node.server;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.node.api.ApiLimits;
import org.lpos.node.consensus.ConsensusConfig;
import org.lpos.node.net.FrameLimit;
import org.lpos.node.net.PeerLimits;
import org.lpos.node.net.ServerTls;
import org.lpos.proto.v1.ChainFile;

/**
 * Everything a node process needs, built from the command line.
 *
 * @param host address to bind
 * @param port port to bind (0 = any free port)
 * @param advertise host others should dial (with the bound port), or HOST:PORT ({@link AdvertisedAddress})
 * @param nodeName stable name (discovery keeps id and member per name)
 * @param key the member key this node signs with
 * @param chain genesis and the certified blocks to start from
 * @param fanOut peers a committed block is gossiped to (0 = all)
 * @param peers addresses to keep streams with from the start
 * @param consensus timing and pool parameters
 * @param outputDir where logs, committed blocks and communication cost go (null = none)
 * @param dataDir where the node keeps what must survive a crash, its signer state (null = none)
 * @param sendDelayMs delay added before every outgoing peer message (the original's
 *     {@code --send_delay}, {@code --send-delay-ms}, to emulate a slower network; 0 = none)
 * @param peerLimits memory and stream bounds of the peer mesh, and whether only stakeholders
 *     are served ({@code --members-only})
 * @param apiLimits what Node API clients may hold in the node (threads, calls, streams)
 * @param tls how the gRPC port is secured ({@code --tls}, {@code --api-client-ca})
 * @param healthPort a plaintext port serving only gRPC health, for probes that cannot speak TLS
 *     ({@code --health-port}; empty = none, 0 = any free port)
 * @param chainName the name the chain was given by ({@code --chain}), announced to peers with N
 *     so that a node on another chain or N is told which (empty = none)
 * @param sendPolicy what the node does with its core's messages before they are sent: honest,
 *     or for testing a Byzantine behaviour the launcher plugs in ({@code --byzantine-mode})
 * @param sourceAddress the local address outbound peer connections are bound to ({@code
 *     --source-address}; empty = the system's choice)
 */
public record NodeConfig(
    String host,
    int port,
    String advertise,
    String nodeName,
    KeyPair key,
    ChainFile chain,
    int fanOut,
    List<String> peers,
    ConsensusConfig consensus,
    Path outputDir,
    Path dataDir,
    long sendDelayMs,
    PeerLimits peerLimits,
    ApiLimits apiLimits,
    ServerTls tls,
    OptionalInt healthPort,
    String chainName,
    SendPolicy.Factory sendPolicy,
    Optional<InetAddress> sourceAddress) {
  /** Copies the list and checks the delay. */
  public NodeConfig {
    peers = List.copyOf(peers);
    if (sendDelayMs < 0) {
      throw new IllegalArgumentException("send delay must not be negative: " + sendDelayMs);
    }
  }

  /**
   * A configuration with the default peer limits for {@code chain}, the default API limits, TLS on
   * (a self-signed certificate of its own) and no health port.
   */
  public NodeConfig(String host, int port, String advertise, String nodeName, KeyPair key, ChainFile chain,
      int fanOut, List<String> peers, ConsensusConfig consensus, Path outputDir, Path dataDir, long sendDelayMs) {
    this(host, port, advertise, nodeName, key, chain, fanOut, peers, consensus, outputDir, dataDir, sendDelayMs,
        defaultLimits(chain), ApiLimits.defaults(), ServerTls.ephemeral(nodeName), OptionalInt.empty(), "",
        SendPolicy.Factory.HONEST, Optional.empty());
  }

  /** The default peer limits for {@code chain}: frames sized to its largest block, followers served. */
  public static PeerLimits defaultLimits(ChainFile chain) {
    return PeerLimits.defaults(FrameLimit.forChain(chain.getBlocks(0).getBlock().getHeader().getParams()), false);
  }

  /** A configuration that keeps nothing on disk between runs (tests, throw-away nodes). */
  public NodeConfig(String host, int port, String advertise, String nodeName, KeyPair key, ChainFile chain,
      int fanOut, List<String> peers, ConsensusConfig consensus, Path outputDir) {
    this(host, port, advertise, nodeName, key, chain, fanOut, peers, consensus, outputDir, null, 0);
  }

  /** This configuration with other API limits. */
  public NodeConfig withApiLimits(ApiLimits limits) {
    return new NodeConfig(host, port, advertise, nodeName, key, chain, fanOut, peers, consensus, outputDir, dataDir,
        sendDelayMs, peerLimits, limits, tls, healthPort, chainName, sendPolicy, sourceAddress);
  }

  /** This configuration with other peer limits. */
  public NodeConfig withPeerLimits(PeerLimits limits) {
    return new NodeConfig(host, port, advertise, nodeName, key, chain, fanOut, peers, consensus, outputDir, dataDir,
        sendDelayMs, limits, apiLimits, tls, healthPort, chainName, sendPolicy, sourceAddress);
  }

  /** This configuration secured by {@code tls}, with a plaintext health port if {@code healthPort} is set. */
  public NodeConfig withTls(ServerTls tls, OptionalInt healthPort) {
    return new NodeConfig(host, port, advertise, nodeName, key, chain, fanOut, peers, consensus, outputDir, dataDir,
        sendDelayMs, peerLimits, apiLimits, tls, healthPort, chainName, sendPolicy, sourceAddress);
  }

  /** This configuration announcing its chain as {@code name} to peers. */
  public NodeConfig withChainName(String name) {
    return new NodeConfig(host, port, advertise, nodeName, key, chain, fanOut, peers, consensus, outputDir, dataDir,
        sendDelayMs, peerLimits, apiLimits, tls, healthPort, name, sendPolicy, sourceAddress);
  }

  /** This configuration sending through {@code policy} (testing: a Byzantine member). */
  public NodeConfig withSendPolicy(SendPolicy.Factory policy) {
    return new NodeConfig(host, port, advertise, nodeName, key, chain, fanOut, peers, consensus, outputDir, dataDir,
        sendDelayMs, peerLimits, apiLimits, tls, healthPort, chainName, policy, sourceAddress);
  }

  /** This configuration dialling its peers from {@code address} (empty: the system's choice). */
  public NodeConfig withSourceAddress(Optional<InetAddress> address) {
    return new NodeConfig(host, port, advertise, nodeName, key, chain, fanOut, peers, consensus, outputDir, dataDir,
        sendDelayMs, peerLimits, apiLimits, tls, healthPort, chainName, sendPolicy, address);
  }
}
