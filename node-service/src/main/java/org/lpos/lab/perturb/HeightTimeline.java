package org.lpos.lab.perturb;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.HashSet;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.lpos.chain.crypto.Hex;
import org.lpos.node.net.ClientTls;
import org.lpos.node.net.NodeChannels;
import org.lpos.proto.v1.GetStatusRequest;
import org.lpos.proto.v1.GetStatusResponse;
import org.lpos.proto.v1.NodeGrpc;

/**
 * The height of every node over a run: each node's {@code GetStatus} asked every
 * {@link #PERIOD_MS} (all nodes at once, asynchronously, so a paused node does not hold up the
 * others; a node still busy with the last question is not asked again). A node that does not
 * answer within {@link #DEADLINE_MS} (killed, paused, not up yet) leaves a gap; the deadline is
 * long, since JVMs sharing two busy cores answer late at times and a late answer is no fault. It
 * also remembers each node's public key, which names the signer in evidence.
 */
public final class HeightTimeline implements AutoCloseable {
  /** How often the nodes are asked: fine enough to show a few-second stall, cheap for the nodes. */
  public static final long PERIOD_MS = 500;
  static final long DEADLINE_MS = 2_000;

  /** One answer (or silence: height -1) of node {@code node} at {@code atWallMs}. */
  public record Sample(long atWallMs, int node, long height) {}

  private final List<ManagedChannel> channels = new ArrayList<>();
  private final List<NodeGrpc.NodeFutureStub> stubs = new ArrayList<>();
  private final List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
  private final Map<Integer, String> keys = new ConcurrentHashMap<>();
  /** The nodes asked and not answered yet. */
  private final Set<Integer> asking = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService poller;

  private HeightTimeline(List<Integer> ports, ClientTls tls) {
    for (int port : ports) {
      ManagedChannel channel = NodeChannels.open("127.0.0.1", port, tls);
      channels.add(channel);
      stubs.add(NodeGrpc.newFutureStub(channel));
    }
    poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "lpos-height-timeline");
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts asking the nodes serving the Node API on 127.0.0.1:{@code ports}. */
  public static HeightTimeline start(List<Integer> ports, ClientTls tls) {
    HeightTimeline timeline = new HeightTimeline(ports, tls);
    timeline.poller.scheduleAtFixedRate(timeline::poll, 0, PERIOD_MS, TimeUnit.MILLISECONDS);
    return timeline;
  }

  private void poll() {
    long now = System.currentTimeMillis();
    for (int i = 0; i < stubs.size(); i++) {
      int node = i;
      if (!asking.add(node)) {
        continue;
      }
      Futures.addCallback(stubs.get(i).withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS)
          .getStatus(GetStatusRequest.getDefaultInstance()), new FutureCallback<GetStatusResponse>() {
            @Override
            public void onSuccess(GetStatusResponse status) {
              keys.putIfAbsent(node, Hex.encode(status.getPublicKey()));
              // The height being decided: the last committed block is one below.
              samples.add(new Sample(now, node, status.getHeight() - 1));
              asking.remove(node);
            }

            @Override
            public void onFailure(Throwable silent) {
              samples.add(new Sample(now, node, -1));
              asking.remove(node);
            }
          }, MoreExecutors.directExecutor());
    }
  }

  /** Every sample so far, by time of asking. */
  public List<Sample> samples() {
    synchronized (samples) {
      List<Sample> copy = new ArrayList<>(samples);
      copy.sort((a, b) -> a.atWallMs() != b.atWallMs() ? Long.compare(a.atWallMs(), b.atWallMs())
          : Integer.compare(a.node(), b.node()));
      return copy;
    }
  }

  /**
   * The first time every node had committed a block ({@code GetStatus} asked then), once it
   * happened: the network is up and a perturbation schedule's clock starts.
   */
  public Optional<Long> networkUpSince() {
    Map<Long, Set<Integer>> committedAt = new TreeMap<>();
    for (Sample s : samples()) {
      if (s.height() >= 1) {
        committedAt.computeIfAbsent(s.atWallMs(), t -> new HashSet<>()).add(s.node());
      }
    }
    Set<Integer> seen = new HashSet<>();
    for (Map.Entry<Long, Set<Integer>> e : committedAt.entrySet()) {
      seen.addAll(e.getValue());
      if (seen.size() == stubs.size()) {
        return Optional.of(e.getKey());
      }
    }
    return Optional.empty();
  }

  /** Node {@code node}'s public key in hex, once it answered. */
  public Optional<String> publicKey(int node) {
    return Optional.ofNullable(keys.get(node));
  }

  /** Writes {@code samples} as {@code time_s,node,committed_height} (empty where the node did not answer). */
  public static void writeCsv(Path file, List<Sample> samples, long zeroWallMs) throws IOException {
    StringBuilder csv = new StringBuilder("time_s,node,committed_height\n");
    for (Sample s : samples) {
      csv.append(String.format(Locale.ROOT, "%.3f", (s.atWallMs() - zeroWallMs) / 1000.0)).append(",node-")
          .append(s.node()).append(',').append(s.height() < 0 ? "" : String.valueOf(s.height())).append('\n');
    }
    Files.writeString(file, csv, StandardCharsets.UTF_8);
  }

  /** Stops asking and closes the channels. */
  @Override
  public void close() {
    poller.shutdownNow();
    channels.forEach(ManagedChannel::shutdownNow);
  }
}
