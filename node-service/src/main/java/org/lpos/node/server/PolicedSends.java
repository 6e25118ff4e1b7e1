package org.lpos.node.server;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.lpos.chain.block.ChainTip;
import org.lpos.node.consensus.Event;
import org.lpos.node.consensus.Outbound;
import org.lpos.node.net.PeerConnection;
import org.lpos.node.net.PeerNetwork;

/**
 * A node's {@link SendPolicy} at work: each step's messages pass through it before the mesh
 * sends them, it sees what arrives, and a policy with traffic of its own (testing: a Byzantine
 * member's lies and floods) sends it on a timer from the last committed tip. The honest policy
 * passes every step through unchanged and sends nothing of its own.
 */
final class PolicedSends {
  private static final Logger LOG = Logger.getLogger(PolicedSends.class.getName());

  private final SendPolicy policy;
  private final PeerNetwork network;
  /** The committed tip, for the policy's own traffic (written by the driver, read by the timer). */
  private volatile ChainTip committedTip;

  PolicedSends(SendPolicy.Factory factory, NodeConfig config, String chainId, PeerNetwork network, ChainTip tip) {
    this.policy = factory.create(config.key(), chainId,
        () -> network.connected().stream().map(PeerConnection::peerKey).toList());
    this.network = network;
    this.committedTip = tip;
  }

  /** Starts the policy's own traffic on {@code timer}, if it has any. */
  void start(ScheduledExecutorService timer) {
    long burstMs = policy.unpromptedIntervalMs();
    if (burstMs > 0) {
      timer.scheduleAtFixedRate(this::sendUnprompted, burstMs, burstMs, TimeUnit.MILLISECONDS);
    }
  }

  /** What to send instead of a step's {@code messages}. */
  List<Outbound> beforeSend(List<Outbound> messages) {
    return policy.beforeSend(messages);
  }

  /** Shows the policy what arrived (an equivocator votes for proposals it saw). */
  void arrived(Event event) {
    if (event instanceof Event.Received r) {
      policy.received(r.message());
    }
  }

  /** The chain committed up to {@code tip}. */
  void committed(ChainTip tip) {
    committedTip = tip;
  }

  private void sendUnprompted() {
    ChainTip tip = committedTip;
    try {
      policy.unprompted(tip.height(), tip.hash()).forEach(network::send);
    } catch (RuntimeException e) {
      // A failed burst would otherwise end the schedule silently.
      LOG.log(Level.WARNING, "the send policy's own traffic failed; the next burst tries again", e);
    }
  }
}
