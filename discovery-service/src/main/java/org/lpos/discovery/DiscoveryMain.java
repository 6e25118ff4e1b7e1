package org.lpos.discovery;

/** Entry point of the discovery service jar ({@code lpos discovery ...}). */
public final class DiscoveryMain {
  private DiscoveryMain() {}

  /** Runs the discovery service and exits with its code (2 for bad input). */
  public static void main(String[] args) {
    System.exit(DiscoveryCommand.run(args, System.out, System.err, System.getenv()));
  }
}
