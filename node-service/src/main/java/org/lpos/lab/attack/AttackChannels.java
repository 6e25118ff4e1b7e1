package org.lpos.lab.attack;

import io.grpc.ManagedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.lpos.node.net.ClientTls;
import org.lpos.node.net.NodeChannels;

/**
 * The gRPC channels one attack opens, all closed together. Every channel of the attack suite is
 * made by {@link #newChannel}, so the way the suite reaches a node (TLS or plaintext, trust) is
 * decided in one place. An attack that wants many transport connections (to spread its streams
 * over several HTTP/2 flow-control windows, as many clients would) opens several channels to one
 * address.
 */
public final class AttackChannels implements AutoCloseable {
  private final boolean tls;
  private final List<ManagedChannel> open = new ArrayList<>();

  /** Channels to the target's nodes, with its TLS setting. */
  public AttackChannels(AttackTarget target) {
    this.tls = target.tls();
  }

  /** A new channel (a new TCP connection once used) to {@code address}. */
  public synchronized ManagedChannel open(String address) {
    ManagedChannel channel = newChannel(address, tls);
    open.add(channel);
    return channel;
  }

  /**
   * The one factory of the suite's channels: the node's own ({@link NodeChannels}), trusting any
   * server certificate as a stranger probing a network does, and presenting a client certificate
   * of its own so peer streams are accepted for their handshake.
   */
  private static ManagedChannel newChannel(String address, boolean tls) {
    return NodeChannels.open(address, tls ? ClientTls.acceptingAnyServer() : ClientTls.off());
  }

  @Override
  public synchronized void close() {
    open.forEach(ManagedChannel::shutdownNow);
    for (ManagedChannel c : open) {
      try {
        c.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    open.clear();
  }
}
