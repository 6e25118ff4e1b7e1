package org.lpos.node.rooms;

import org.lpos.lab.sim.SimulationConfig;

/** A node-side class that breaks the rooms rule on purpose, so {@link RoomsTest} can show the rule fails. */
final class NodeClassImportingTheLab {
  private NodeClassImportingTheLab() {}

  static Class<?> labType() {
    return SimulationConfig.class;
  }
}
