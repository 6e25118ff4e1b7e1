package org.lpos.lab.byzantine;

import java.util.Arrays;
import java.util.List;
import org.lpos.node.server.SendPolicies;
import org.lpos.node.server.SendPolicy;

/**
 * The Byzantine modes a real node process runs ({@code lpos node --byzantine-mode}), offered to
 * the node by the launcher. {@link ByzantineMode#NON_MEMBER} is left out because its phantom peers
 * would each need a connection and handshake of their own, and {@link ByzantineMode#AMNESIA}
 * because it is a crash pattern of the simulator's honest nodes and network, not a behaviour of
 * one member. {@link ByzantineMode#GRIND} is left out because its grinder reads the member's chain
 * state (stake, tip) and a send policy sees only messages.
 */
public final class ByzantineModes implements SendPolicies {
  /** Whether a real node process can run {@code mode}. */
  public static boolean runsInNodes(ByzantineMode mode) {
    return mode != ByzantineMode.NON_MEMBER && mode != ByzantineMode.AMNESIA && mode != ByzantineMode.GRIND;
  }

  @Override
  public List<String> names() {
    return Arrays.stream(ByzantineMode.values()).filter(ByzantineModes::runsInNodes).map(ByzantineMode::cliName)
        .toList();
  }

  @Override
  public SendPolicy.Factory named(String name) {
    ByzantineMode mode = ByzantineMode.parse(name);
    if (!runsInNodes(mode)) {
      throw new IllegalArgumentException("Byzantine mode '" + name + "' runs only in the simulator; a node runs "
          + String.join(", ", names()));
    }
    return (key, chainId, peers) -> new ByzantineSendPolicy(mode, key, chainId, peers);
  }
}
