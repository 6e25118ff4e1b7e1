package org.lpos.lab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.lpos.lab.experiment.EvidenceFiles;
import org.lpos.lab.experiment.FaultFigures;
import org.lpos.lab.perturb.PerturbationReport;

/**
 * The fault columns of a finished {@link LocalCluster}'s row: its Byzantine mode and links as
 * laid out, and the distinct equivocations its honest nodes recorded in their {@code
 * evidence.csv} (what a Byzantine node writes about others is not counted); with a perturbation
 * schedule, the schedule and the longest recovery of its faults.
 */
final class FaultMeasurement {
  private FaultMeasurement() {}

  static FaultFigures of(LocalCluster cluster) {
    return of(cluster, Optional.empty());
  }

  /** The figures with those of a perturbed run's end checks, if it had a schedule. */
  static FaultFigures of(LocalCluster cluster, Optional<PerturbationReport> perturbed) {
    LocalCluster.Layout layout = cluster.layout();
    List<Path> honest = new ArrayList<>();
    for (int i = 0; i < cluster.nodes(); i++) {
      if (!layout.isByzantine(i)) {
        honest.add(cluster.nodeDir(i));
      }
    }
    String mode = layout.byzantine() == 0 ? FaultFigures.NO_BYZANTINE : layout.byzantineMode().cliName();
    String schedule = perturbed.map(PerturbationReport::perturbations).orElse("");
    double recovery = perturbed.flatMap(r -> r.recoveryS().values().stream().filter(OptionalDouble::isPresent)
        .map(OptionalDouble::getAsDouble).max(Double::compare)).orElse(Double.NaN);
    return new FaultFigures(mode, layout.links().spec(), schedule, EvidenceFiles.distinctEquivocations(honest), recovery);
  }
}
