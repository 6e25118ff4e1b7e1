package org.lpos.node.cli;

/** Placeholder. */
public final class LposCli {
  public static void main(String[] args) {}
}
