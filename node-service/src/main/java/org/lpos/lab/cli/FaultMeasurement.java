package org.lpos.lab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.lpos.lab.experiment.EvidenceFiles;
import org.lpos.lab.experiment.FaultFigures;

/**
 * The fault columns of a finished {@link LocalCluster}'s row: its Byzantine mode and links as
 * laid out, and the distinct equivocations its honest nodes recorded in their {@code
 * evidence.csv} (what a Byzantine node writes about others is not counted). The cluster applies
 * no perturbation schedule, so that column and the recovery time are empty.
 */
final class FaultMeasurement {
  private FaultMeasurement() {}

  static FaultFigures of(LocalCluster cluster) {
    LocalCluster.Layout layout = cluster.layout();
    List<Path> honest = new ArrayList<>();
    for (int i = 0; i < cluster.nodes(); i++) {
      if (!layout.isByzantine(i)) {
        honest.add(cluster.nodeDir(i));
      }
    }
    String mode = layout.byzantine() == 0 ? FaultFigures.NO_BYZANTINE : layout.byzantineMode().cliName();
    return new FaultFigures(mode, layout.links().spec(), "", EvidenceFiles.distinctEquivocations(honest), Double.NaN);
  }
}
