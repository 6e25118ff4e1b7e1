package org.lpos.lab.cli;

import org.lpos.node.cli.UserInputException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lpos.lab.experiment.ProcessUsage;

/** How a cluster's files and process samples become a run's figures. */
class ClusterMeasurementTest {
  @Test
  void sentMessagesAndBytesAddUpAcrossNodesByType(@TempDir Path dir) throws Exception {
    Path a = dir.resolve("a.csv");
    Path b = dir.resolve("b.csv");
    String header = "time_ms,type,sent_messages,sent_bytes,received_messages,received_bytes\n";
    Files.writeString(a, header + "1,vote,10,1000,9,900\n1,transactions,2,5000,0,0\n");
    Files.writeString(b, header + "1,vote,5,500,0,0\n1,vote,x,torn\n");
    Map<String, Double> messages = new HashMap<>();
    Map<String, Double> bytes = new HashMap<>();

    ClusterMeasurement.addSent(a, messages, bytes);
    ClusterMeasurement.addSent(b, messages, bytes);
    ClusterMeasurement.addSent(dir.resolve("missing.csv"), messages, bytes);

    assertEquals(Map.of("vote", 15.0, "transactions", 2.0), messages);
    assertEquals(Map.of("vote", 1500.0, "transactions", 5000.0), bytes);
  }

  @Test
  void cpuCountsFromTheExperimentsStartPerThousandTransactions() {
    List<Optional<ProcessUsage>> start = List.of(Optional.of(new ProcessUsage(2.0, 1)), Optional.empty());
    List<Optional<ProcessUsage>> end = List.of(Optional.of(new ProcessUsage(5.0, 1)), Optional.of(new ProcessUsage(1.5, 1)));

    assertEquals(4.5 * 1_000 / 3_000, ClusterMeasurement.cpuPer1000Tx(start, end, 3_000), 1e-9);
    assertTrue(Double.isNaN(ClusterMeasurement.cpuPer1000Tx(start, end, 0)));
    assertTrue(Double.isNaN(ClusterMeasurement.cpuPer1000Tx(start, List.of(Optional.empty()), 10)));
  }

  /** Offered load by the one workload definition: the original's are sent by senators only, at most one per seat. */
  @Test
  void offeredLoadCountsOnlyTheNodesThatRunAndSend() {
    assertEquals(300 * 6, ClusterMeasurement.offered(new LocalCluster.Layout(7, 7, 1, "load-rate", 300)));
    assertEquals(300 * 4, ClusterMeasurement.offered(new LocalCluster.Layout(7, 4, 1, "tx-rate", 300)));
    assertEquals(4 / 4.5, ClusterMeasurement.offered(new LocalCluster.Layout(4, 4, 0, "tx-n-outputs", 5)), 1e-12);
    assertEquals(4, ClusterMeasurement.offered(new LocalCluster.Layout(4, 4, 0, "bootstrap-only", 0)));
    assertTrue(Double.isNaN(ClusterMeasurement.offered(new LocalCluster.Layout(4, 4, 0, "load-closed", 16))));
  }

  @Test
  void aLayoutWithNobodyLeftToRunIsRefused() {
    assertThrows(UserInputException.class, () -> new LocalCluster.Layout(2, 4, 2, "tx-rate", 1));
    assertThrows(UserInputException.class, () -> new LocalCluster.Layout(4, 4, 0, "tx-burst", 1));
    assertThrows(UserInputException.class, () -> new LocalCluster.Layout(4, 4, 0, "tx-n-outputs", 1.5));
  }
}
