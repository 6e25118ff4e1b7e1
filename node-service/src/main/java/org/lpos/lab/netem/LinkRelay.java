package org.lpos.lab.netem;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Logger;

/**
 * A TCP relay on 127.0.0.1 that makes one link behave as {@link LinkProfile} says: every chunk of
 * bytes read from one side is written to the other after the link's serialization time (rate),
 * its one-way delay ± jitter and, when one of its segments is "lost", one retransmission timeout
 * more; bytes stay in order, as TCP delivers them. {@link #cut()} partitions the link: live
 * connections are closed and new ones refused until {@link #heal()}; {@link #cutFrom} does so
 * only for connections from one source address (a dialer bound to its own 127.0.0.x), which
 * is how a partition separates groups of nodes behind the same relay. The kernel here has no
 * {@code netem} qdisc, hence user space; each direction of a connection has a reader and a writer
 * thread, and at most {@link #BUFFERED_BYTES} in flight so a slow link pushes back on its sender.
 */
public final class LinkRelay implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(LinkRelay.class.getName());
  /** Bytes read in one chunk. */
  static final int CHUNK_BYTES = 16 * 1024;
  /** Bytes read but not yet written, per direction of a connection. */
  static final int BUFFERED_BYTES = 4 << 20;

  private final ServerSocket server;
  private final InetSocketAddress target;
  /** The profile of a connection by its source address (per-link matrices); {@link #profile} for others. */
  private final Function<InetAddress, LinkProfile> profileOf;
  private final LinkProfile profile;
  private final long seed;
  private final Set<Connection> open = ConcurrentHashMap.newKeySet();
  /** Source addresses whose connections are refused ({@link #cutFrom}). */
  private final Set<InetAddress> cutSources = ConcurrentHashMap.newKeySet();
  private final AtomicLong connections = new AtomicLong();
  private final AtomicLong relayedBytes = new AtomicLong();
  private final AtomicLong lostSegments = new AtomicLong();
  private volatile boolean cut;
  private volatile boolean closed;

  private LinkRelay(ServerSocket server, InetSocketAddress target, LinkProfile profile,
      Function<InetAddress, LinkProfile> profileOf, long seed) {
    this.server = server;
    this.target = target;
    this.profile = profile;
    this.profileOf = profileOf;
    this.seed = seed;
  }

  /**
   * Starts a relay listening on a free port of 127.0.0.1 and forwarding to {@code target}
   * (which must be a loopback address: the relay never reaches beyond this machine).
   *
   * @param seed seeds jitter and loss, so a run can be repeated
   */
  public static LinkRelay start(InetSocketAddress target, LinkProfile profile, long seed) throws IOException {
    return start(target, profile, source -> profile, seed);
  }

  /**
   * Starts a relay whose connections each take the profile {@code profileOf} gives their source
   * address (a dialer bound to its own 127.0.0.x), e.g. a row of a {@link LinkMatrix}.
   *
   * @param profile what {@link #profile} reports: the profile of sources the matrix does not name
   */
  public static LinkRelay start(InetSocketAddress target, LinkProfile profile,
      Function<InetAddress, LinkProfile> profileOf, long seed) throws IOException {
    if (target.getAddress() == null || !target.getAddress().isLoopbackAddress()) {
      throw new IllegalArgumentException("a link relay forwards to loopback addresses only: " + target);
    }
    ServerSocket server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
    LinkRelay relay = new LinkRelay(server, target, profile, profileOf, seed);
    Thread acceptor = new Thread(relay::acceptLoop, "link-relay-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
    return relay;
  }

  /** The port peers dial instead of the target's. */
  public int port() {
    return server.getLocalPort();
  }

  /** The link's profile. */
  public LinkProfile profile() {
    return profile;
  }

  /** Closes every connection through the link and refuses new ones until {@link #heal()}. */
  public void cut() {
    cut = true;
    open.forEach(Connection::close);
  }

  /**
   * Closes every connection through the link that came from {@code source} and refuses new ones
   * from it until {@link #healFrom} or {@link #heal()}; connections from other addresses go on.
   */
  public void cutFrom(InetAddress source) {
    cutSources.add(source);
    open.stream().filter(c -> c.source.equals(source)).forEach(Connection::close);
  }

  /** Accepts connections from {@code source} again after {@link #cutFrom}. */
  public void healFrom(InetAddress source) {
    cutSources.remove(source);
  }

  /** Accepts connections again after {@link #cut()} or any {@link #cutFrom}. */
  public void heal() {
    cutSources.clear();
    cut = false;
  }

  /** Connections through the link now. */
  public int openConnections() {
    return open.size();
  }

  /** Connections accepted so far (refused ones included). */
  public long connections() {
    return connections.get();
  }

  /** Bytes relayed in both directions. */
  public long relayedBytes() {
    return relayedBytes.get();
  }

  /** Segments the link "lost" (each held the stream for one retransmission timeout). */
  public long lostSegments() {
    return lostSegments.get();
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(server);
    open.forEach(Connection::close);
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        if (!closed) {
          LOG.warning(() -> "link relay on port " + port() + " stopped accepting: " + e);
        }
        return;
      }
      long index = connections.incrementAndGet();
      if (refused(client)) {
        closeQuietly(client);
        continue;
      }
      Thread connector = new Thread(() -> connect(client, index), "link-relay-" + port() + "-" + index);
      connector.setDaemon(true);
      connector.start();
    }
  }

  private void connect(Socket client, long index) {
    Socket upstream = new Socket();
    try {
      client.setTcpNoDelay(true);
      upstream.setTcpNoDelay(true);
      upstream.connect(target, 5_000);
    } catch (IOException e) {
      closeQuietly(client);
      closeQuietly(upstream);
      return;
    }
    Connection connection = new Connection(client, upstream);
    open.add(connection);
    // A cut made while this connection was being set up must reach it too.
    if (refused(client) || closed) {
      connection.close();
    }
    Direction forward = new Direction(client, upstream, new Random(seed * 31 + index * 2), connection);
    Direction backward = new Direction(upstream, client, new Random(seed * 31 + index * 2 + 1), connection);
    forward.start("link-relay-" + port() + "-" + index + "-out");
    backward.start("link-relay-" + port() + "-" + index + "-in");
  }

  private boolean refused(Socket client) {
    return cut || cutSources.contains(client.getInetAddress());
  }

  /** Both sockets of one relayed connection, closed when both directions ended or one failed. */
  private final class Connection {
    private final Socket client;
    private final Socket upstream;
    /** The dialer's address, as the relay accepted it. */
    private final InetAddress source;
    /** How this link behaves, in both directions: the profile of its source. */
    private final LinkProfile linkProfile;
    private final AtomicInteger ended = new AtomicInteger();

    Connection(Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
      this.source = client.getInetAddress();
      this.linkProfile = profileOf.apply(source);
    }

    void directionEnded(boolean cleanly) {
      if (ended.incrementAndGet() == 2 || !cleanly) {
        close();
      }
    }

    void close() {
      closeQuietly(client);
      closeQuietly(upstream);
      open.remove(this);
    }
  }

  /** Length of the chunk that ends a direction whose sender closed its side. */
  private static final int END_OF_STREAM = 0;
  /** Length of the chunk that ends a direction whose connection failed. */
  private static final int ABORTED = -1;

  /** One chunk and the instant it may be written; a chunk of length 0 or -1 ends the direction. */
  private record Chunk(byte[] bytes, int length, long releaseAtNanos) {}

  /** One direction of one connection: a reader that stamps chunks and a writer that waits for them. */
  private final class Direction {
    private final Socket from;
    private final Socket to;
    private final Random random;
    private final Connection connection;
    private final LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
    private final Semaphore buffered = new Semaphore(BUFFERED_BYTES);
    private long busyUntilNanos;
    private long lastReleaseNanos;

    Direction(Socket from, Socket to, Random random, Connection connection) {
      this.from = from;
      this.to = to;
      this.random = random;
      this.connection = connection;
    }

    void start(String name) {
      Thread reader = new Thread(this::read, name + "-read");
      Thread writer = new Thread(this::write, name + "-write");
      reader.setDaemon(true);
      writer.setDaemon(true);
      reader.start();
      writer.start();
    }

    private void read() {
      // The streams are not closed here: closing a socket's stream closes the socket, and the
      // other direction may still be sending. Connection closes both sockets at the end.
      int end = END_OF_STREAM;
      try {
        InputStream in = from.getInputStream();
        while (true) {
          byte[] buf = new byte[CHUNK_BYTES];
          int n = in.read(buf);
          if (n < 0) {
            break;
          }
          buffered.acquire(n);
          queue.put(new Chunk(buf, n, releaseAt(System.nanoTime(), n)));
        }
      } catch (IOException | InterruptedException e) {
        // A reset, a cut link or a stopped relay: the other side sees the connection abort.
        end = ABORTED;
      }
      queue.add(new Chunk(new byte[0], end, lastReleaseNanos));
    }

    /** When a chunk of {@code n} bytes read at {@code nowNanos} reaches the other side. */
    private long releaseAt(long nowNanos, int n) {
      long sent = nowNanos;
      LinkProfile link = connection.linkProfile;
      if (link.rateBitsPerSecond() > 0) {
        long serialization = (long) (n * 8e9 / link.rateBitsPerSecond());
        busyUntilNanos = Math.max(busyUntilNanos, nowNanos) + serialization;
        sent = busyUntilNanos;
      }
      long delayMs = link.delayMs();
      if (link.jitterMs() > 0) {
        delayMs += random.nextLong(2 * link.jitterMs() + 1) - link.jitterMs();
      }
      long release = sent + TimeUnit.MILLISECONDS.toNanos(delayMs);
      if (link.lossPercent() > 0) {
        int segments = (n + LinkProfile.SEGMENT_BYTES - 1) / LinkProfile.SEGMENT_BYTES;
        double delivered = Math.pow(1 - link.lossPercent() / 100, segments);
        if (random.nextDouble() >= delivered) {
          lostSegments.incrementAndGet();
          release += TimeUnit.MILLISECONDS.toNanos(link.retransmissionTimeoutMs());
        }
      }
      lastReleaseNanos = Math.max(release, lastReleaseNanos);
      return lastReleaseNanos;
    }

    private void write() {
      boolean cleanly = false;
      try {
        OutputStream out = to.getOutputStream();
        while (true) {
          Chunk c = queue.take();
          long wait;
          while ((wait = c.releaseAtNanos() - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
          }
          if (c.length() == ABORTED) {
            break;
          }
          if (c.length() == END_OF_STREAM) {
            to.shutdownOutput();
            cleanly = true;
            break;
          }
          out.write(c.bytes(), 0, c.length());
          out.flush();
          relayedBytes.addAndGet(c.length());
          buffered.release(c.length());
        }
      } catch (IOException | InterruptedException e) {
        // The other side closed or the link was cut.
      } finally {
        connection.directionEnded(cleanly);
      }
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // Closing a socket the other side already closed is fine.
    }
  }
}
