package org.lpos.lab.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * TCP ports on 127.0.0.1 for processes a launcher starts and must name a port to, each handed out
 * once. They come from below the kernel's ephemeral range ({@code net.ipv4.ip_local_port_range}),
 * where the kernel neither gives a port to a port-0 listener nor uses it as the local end of an
 * outgoing connection. A port probed free inside that range ({@code new ServerSocket(0)}, closed
 * again) could be handed out twice: a 10-node demo died when node 5's gRPC port was the metrics
 * port probed earlier for node 7, which bound it first.
 */
public final class LoopbackPorts {
  /** The lowest port handed out (well above the well-known and most registered services' ports). */
  static final int LOWEST = 10_000;
  private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
  private static final int ATTEMPTS = 1_000;

  private final int lowest;
  private final int below;
  private final Set<Integer> handedOut = new HashSet<>();
  private final SplittableRandom random = new SplittableRandom();

  /** Ports in [{@value #LOWEST}, the start of this machine's ephemeral range). */
  public LoopbackPorts() {
    this(LOWEST, ephemeralStart(EPHEMERAL_RANGE));
  }

  /** Ports in [{@code lowest}, {@code below}). */
  LoopbackPorts(int lowest, int below) {
    if (lowest < 1 || below > 65_536 || below <= lowest) {
      throw new IllegalArgumentException("no port range [" + lowest + ", " + below + ")");
    }
    this.lowest = lowest;
    this.below = below;
  }

  /** A port no one listens on now and this object has not handed out before. */
  public synchronized int next() throws IOException {
    for (int i = 0; i < ATTEMPTS && handedOut.size() < below - lowest; i++) {
      int port = lowest + random.nextInt(below - lowest);
      if (!handedOut.contains(port) && free(port)) {
        handedOut.add(port);
        return port;
      }
    }
    throw new IOException("no free TCP port on 127.0.0.1 in [" + lowest + ", " + below + ")");
  }

  /**
   * The first port of the ephemeral range in {@code rangeFile} ("low high"), or 32768 (Linux's
   * default) where there is no such file or it says too little room below.
   */
  static int ephemeralStart(Path rangeFile) {
    try {
      int low = Integer.parseInt(Files.readString(rangeFile).trim().split("\\s+")[0]);
      return low >= LOWEST + 1_000 && low <= 65_536 ? low : 32_768;
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }

  private static boolean free(int port) {
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
