package org.lpos.node.cli;

import io.grpc.StatusRuntimeException;
import org.lpos.node.server.DiscoveryClient;

/** What a node says when discovery did not register it, by discovery's status code. */
final class RegistrationFailure {
  private RegistrationFailure() {}

  /** The message for {@code e}, naming the node, its {@code --name-wait} and the discovery address. */
  static String message(StatusRuntimeException e, String nodeName, long nameWaitSeconds, String discoveryTarget) {
    String detail = e.getStatus().getDescription() == null ? "" : " (" + e.getStatus().getDescription() + ")";
    return switch (e.getStatus().getCode()) {
      case ALREADY_EXISTS -> "discovery refused node_name '" + nodeName + "' for " + nameWaitSeconds
          + " s (--name-wait): another process holds it" + detail
          + "; not starting, so one member never runs in two processes";
      case ABORTED -> "discovery refused node_name '" + nodeName + "'" + detail
          + "; not starting, so one member never runs in two processes";
      case FAILED_PRECONDITION -> "no key: discovery at " + discoveryTarget
          + " does not preload members (-l); give --member-index or --key-file" + detail;
      default -> "discovery at " + discoveryTarget + " did not register this node within "
          + DiscoveryClient.REGISTER_WAIT_SECONDS + " s: " + e.getStatus().getCode() + detail
          + " (--discovery HOST[:PORT] names it; --discovery none runs without, with --peer)";
    };
  }
}
