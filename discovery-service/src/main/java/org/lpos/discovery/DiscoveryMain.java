package org.lpos.discovery;

/** Entry point of the discovery service jar. */
public final class DiscoveryMain {
  private DiscoveryMain() {}

  /** Runs the discovery service. */
  public static void main(String[] args) {
    System.err.println("lpos discovery: not built yet");
    System.exit(2);
  }
}
