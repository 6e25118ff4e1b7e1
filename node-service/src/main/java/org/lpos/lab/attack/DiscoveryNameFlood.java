package org.lpos.lab.attack;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.grpc.Attributes;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.discovery.RegistrationProof;
import org.lpos.node.net.ClientTls;
import org.lpos.proto.v1.ClaimMemberRequest;
import org.lpos.proto.v1.DiscoveryGrpc;
import org.lpos.proto.v1.RegisterRequest;

/**
 * An attack on a discovery service: tries to take over a live node's name three ways, then
 * registers {@code junkNames} junk node names as fast as the server answers (each signed by a
 * fresh key; with a preloading server each also claims a member). The takeovers: an anonymous
 * {@code Register{node_name}} (which once returned the member's secret key), a registration
 * signed by another key, and a copy of that one with its address changed (a forged signature).
 * It reports how many calls were accepted or refused and the largest response it got: against
 * a sound server, junk stops at the per-source caps, no response grows past a few tens of KiB,
 * and every takeover is refused.
 *
 * <p>{@code sourceAddress} binds the attacker's connection to another local address (e.g.
 * 127.0.0.2), so a test on one machine can tell the attacker's source from the real nodes'.
 */
public final class DiscoveryNameFlood {
  /** Calls in flight at once: enough to saturate a server without queueing without bound here. */
  static final int IN_FLIGHT = 64;

  /**
   * What to attack and how hard.
   *
   * @param target the discovery service, host:port
   * @param junkNames how many junk names to register
   * @param victimName a live node's name to try to take over
   * @param sourceAddress the local address to connect from, if not the default
   * @param timeLimit stop sending junk after this long
   * @param tls how to dial the service (TLS unless it runs with {@code --tls=off})
   */
  public record Config(String target, int junkNames, String victimName, Optional<String> sourceAddress,
      Duration timeLimit, ClientTls tls) {
    public Config {
      if (junkNames < 0 || victimName.isEmpty()) {
        throw new IllegalArgumentException("junkNames must be >= 0 and victimName given");
      }
    }
  }

  /**
   * What the attack achieved.
   *
   * @param junkSent junk calls sent (registrations, plus claims against a preloading server)
   * @param junkAccepted junk calls the server accepted
   * @param refusals junk calls refused, by status
   * @param largestResponseBytes the largest response message received
   * @param preloading whether the server preloads members (answered a claim)
   * @param takeovers the takeover attempts on the victim's name the server accepted (should be 0)
   * @param takeoverStatuses the status of each takeover attempt, in order
   * @param elapsed how long the junk phase took
   */
  public record Report(long junkSent, long junkAccepted, Map<Status.Code, Long> refusals,
      long largestResponseBytes, boolean preloading, int takeovers, String takeoverStatuses, Duration elapsed) {
    /** One line for a terminal or a log. */
    public String summary() {
      return "discovery-name-flood: junk sent=" + junkSent + " accepted=" + junkAccepted + " refused=" + refusals
          + " largest_response_bytes=" + largestResponseBytes + " preloading=" + preloading
          + " takeovers_accepted=" + takeovers + " (" + takeoverStatuses + ") in " + elapsed.toMillis() + " ms";
    }
  }

  private final Config config;
  private final SecureRandom random = new SecureRandom();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong largest = new AtomicLong();
  private final Map<Status.Code, AtomicLong> refused = new EnumMap<>(Status.Code.class);

  /** An attack as {@code config} describes. */
  public DiscoveryNameFlood(Config config) {
    this.config = config;
    for (Status.Code code : Status.Code.values()) {
      refused.put(code, new AtomicLong());
    }
  }

  /** Runs the attack to its end and reports. */
  public Report run() throws InterruptedException {
    ManagedChannel channel = channel();
    try {
      DiscoveryGrpc.DiscoveryBlockingStub blocking = DiscoveryGrpc.newBlockingStub(channel);
      boolean preloading = preloading(blocking);
      // Takeovers first, while the source's rate budget is fresh: refused for what they are.
      StringBuilder statuses = new StringBuilder();
      int takeovers = 0;
      for (RegisterRequest attempt : takeoverAttempts()) {
        Status.Code code = attempt(() -> blocking.withDeadlineAfter(10, TimeUnit.SECONDS).register(attempt));
        statuses.append(statuses.length() == 0 ? "" : ",").append(code);
        takeovers += code == Status.Code.OK ? 1 : 0;
      }
      long started = System.nanoTime();
      long sent = flood(DiscoveryGrpc.newFutureStub(channel), preloading, started);
      Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
      Map<Status.Code, Long> refusals = new EnumMap<>(Status.Code.class);
      refused.forEach((code, count) -> {
        if (count.get() > 0) {
          refusals.put(code, count.get());
        }
      });
      return new Report(sent, accepted.get(), refusals, largest.get(), preloading, takeovers, statuses.toString(),
          elapsed);
    } finally {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  /** The attacker's channel: the one place it is built. */
  private ManagedChannel channel() {
    NettyChannelBuilder builder = NettyChannelBuilder.forTarget(config.target(), config.tls().credentials())
        .maxInboundMessageSize(64 * 1024 * 1024);
    config.sourceAddress().ifPresent(source -> builder.localSocketPicker(new NettyChannelBuilder.LocalSocketPicker() {
      @Override
      public SocketAddress createSocketAddress(SocketAddress remote, Attributes attrs) {
        return new InetSocketAddress(source, 0);
      }
    }));
    return builder.build();
  }

  private boolean preloading(DiscoveryGrpc.DiscoveryBlockingStub blocking) {
    Status.Code code = attempt(() -> blocking.withWaitForReady().withDeadlineAfter(30, TimeUnit.SECONDS)
        .claimMember(ClaimMemberRequest.newBuilder().setNodeName("junk-probe-" + random.nextInt(1 << 30)).build()));
    return code == Status.Code.OK || code == Status.Code.RESOURCE_EXHAUSTED;
  }

  private long flood(DiscoveryGrpc.DiscoveryFutureStub stub, boolean preloading, long started)
      throws InterruptedException {
    Semaphore inFlight = new Semaphore(IN_FLIGHT);
    long deadline = started + config.timeLimit().toNanos();
    String prefix = "junk-" + Integer.toHexString(random.nextInt()) + "-";
    long sent = 0;
    for (int i = 0; i < config.junkNames() && System.nanoTime() < deadline; i++) {
      String name = prefix + i;
      if (preloading) {
        inFlight.acquire();
        track(stub.withDeadlineAfter(30, TimeUnit.SECONDS)
            .claimMember(ClaimMemberRequest.newBuilder().setNodeName(name).build()), inFlight);
        sent++;
      }
      RegisterRequest junk = RegistrationProof.sign(KeyPair.generate(random), RegisterRequest.newBuilder()
          .setNodeName(name).setAddress("127.0.0.1:" + (1 + i % 65_535)).setInstanceId(randomBytes(16))
          .setTimestampMs(System.currentTimeMillis()).build());
      inFlight.acquire();
      track(stub.withDeadlineAfter(30, TimeUnit.SECONDS).register(junk), inFlight);
      sent++;
    }
    inFlight.acquire(IN_FLIGHT);
    return sent;
  }

  private <R extends Message> void track(ListenableFuture<R> call, Semaphore inFlight) {
    Futures.addCallback(call, new FutureCallback<>() {
      @Override
      public void onSuccess(R response) {
        accepted.incrementAndGet();
        largest.accumulateAndGet(response.getSerializedSize(), Math::max);
        inFlight.release();
      }

      @Override
      public void onFailure(Throwable t) {
        refused.get(Status.fromThrowable(t).getCode()).incrementAndGet();
        inFlight.release();
      }
    }, MoreExecutors.directExecutor());
  }

  /** The takeovers: anonymous, signed by another key, and a copy of the second with a bad signature. */
  private RegisterRequest[] takeoverAttempts() {
    RegisterRequest anonymous = RegisterRequest.newBuilder().setNodeName(config.victimName())
        .setAddress("127.0.0.1:1").build();
    RegisterRequest otherKey = RegistrationProof.sign(KeyPair.generate(random), RegisterRequest.newBuilder()
        .setNodeName(config.victimName()).setAddress("127.0.0.1:1").setInstanceId(randomBytes(16))
        .setTimestampMs(System.currentTimeMillis()).build());
    RegisterRequest forged = otherKey.toBuilder().setAddress("127.0.0.1:2").build();
    return new RegisterRequest[] {anonymous, otherKey, forged};
  }

  private Status.Code attempt(Runnable call) {
    try {
      call.run();
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  private ByteString randomBytes(int count) {
    byte[] bytes = new byte[count];
    random.nextBytes(bytes);
    return ByteString.copyFrom(bytes);
  }
}
