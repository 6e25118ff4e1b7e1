package org.lpos.node.server;

import java.util.List;

/**
 * The send policies a launcher offers {@code lpos node --byzantine-mode} by name (testing only):
 * the node knows none but the honest one, the lab supplies the rest.
 */
public interface SendPolicies {
  /** The honest policy only: what a node built without the lab runs. */
  SendPolicies HONEST_ONLY = new SendPolicies() {
    @Override
    public List<String> names() {
      return List.of();
    }

    @Override
    public SendPolicy.Factory named(String name) {
      throw new IllegalArgumentException("no Byzantine modes in this build: '" + name + "'");
    }
  };

  /** The names accepted, in the order {@code --help} lists them. */
  List<String> names();

  /** The policy named {@code name}; throws {@link IllegalArgumentException} naming the choices. */
  SendPolicy.Factory named(String name);

  /** The honest policy for no name, else the one {@code name} names (as {@link #named}). */
  default SendPolicy.Factory honestOr(String name) {
    return name == null ? SendPolicy.Factory.HONEST : named(name);
  }
}
