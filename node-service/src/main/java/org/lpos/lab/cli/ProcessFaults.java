package org.lpos.lab.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.lpos.lab.netem.LinkRelay;
import org.lpos.lab.perturb.ClusterFaults;
import org.lpos.lab.perturb.Perturbation;

/**
 * The faults a {@link LocalCluster} makes for its perturbation schedule: signals to its node
 * processes (SIGKILL by the JDK, SIGSTOP and SIGCONT with {@code kill}, for which the JDK has no
 * call), a relaunch of a killed node, and cuts in the relays in front of the nodes, by the
 * dialling node's source address.
 */
final class ProcessFaults implements ClusterFaults {
  private final LocalCluster cluster;

  ProcessFaults(LocalCluster cluster) {
    this.cluster = cluster;
  }

  @Override
  public void kill(int node) throws InterruptedException {
    Process p = cluster.nodeProcess(node);
    cluster.killingOnPurpose(p);
    p.destroyForcibly();
    if (!p.waitFor(15, TimeUnit.SECONDS)) {
      throw new IllegalStateException("node-" + node + " did not die on SIGKILL");
    }
  }

  @Override
  public void restart(int node) throws IOException {
    cluster.relaunch(node);
  }

  @Override
  public void pause(int node) throws IOException, InterruptedException {
    signal("STOP", node);
  }

  @Override
  public void resume(int node) throws IOException, InterruptedException {
    signal("CONT", node);
  }

  @Override
  public void partition(Perturbation.Partition partition) {
    List<LinkRelay> relays = cluster.relays();
    for (int dialer = 0; dialer < relays.size(); dialer++) {
      for (int target = 0; target < relays.size(); target++) {
        if (partition.separates(dialer, target)) {
          relays.get(target).cutFrom(LocalCluster.sourceAddress(dialer));
        }
      }
    }
  }

  @Override
  public void heal() {
    cluster.relays().forEach(LinkRelay::heal);
  }

  private void signal(String name, int node) throws IOException, InterruptedException {
    long pid = cluster.nodeProcess(node).pid();
    Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(pid)).redirectErrorStream(true).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IOException("kill -" + name + " " + pid + " failed: "
          + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
    }
  }
}
