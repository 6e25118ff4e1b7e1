package org.lpos.lab.netem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relay over real loopback sockets, in front of an echo server. */
class LinkRelayIT {
  private static final long SEED = 20261203L;
  private ServerSocket echo;

  @BeforeEach
  void startEcho() throws IOException {
    System.out.println("LinkRelayIT seed " + SEED);
    echo = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    Thread t = new Thread(() -> {
      while (!echo.isClosed()) {
        try {
          Socket s = echo.accept();
          Thread h = new Thread(() -> {
            try (s) {
              s.getInputStream().transferTo(s.getOutputStream());
            } catch (IOException ignored) {
              // The test closed the connection.
            }
          });
          h.setDaemon(true);
          h.start();
        } catch (IOException e) {
          return;
        }
      }
    });
    t.setDaemon(true);
    t.start();
  }

  @AfterEach
  void stopEcho() throws IOException {
    echo.close();
  }

  private InetSocketAddress echoAddress() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), echo.getLocalPort());
  }

  private static Socket dial(LinkRelay relay) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), relay.port());
    s.setSoTimeout(20_000);
    s.setTcpNoDelay(true);
    return s;
  }

  private static Socket dialFrom(LinkRelay relay, InetAddress source) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), relay.port(), source, 0);
    s.setSoTimeout(20_000);
    s.setTcpNoDelay(true);
    return s;
  }

  private static byte[] roundTrip(Socket s, byte[] payload) throws IOException {
    OutputStream out = s.getOutputStream();
    Thread writer = new Thread(() -> {
      try {
        out.write(payload);
        out.flush();
      } catch (IOException ignored) {
        // The read below fails and says why.
      }
    });
    writer.start();
    byte[] back = new byte[payload.length];
    new DataInputStream(s.getInputStream()).readFully(back);
    return back;
  }

  @Test
  void aRoundTripTakesAtLeastTwiceTheOneWayDelay() throws Exception {
    try (LinkRelay relay = LinkRelay.start(echoAddress(), LinkProfile.parse("delay=60ms jitter=10ms"), SEED);
        Socket s = dial(relay)) {
      for (int i = 0; i < 3; i++) {
        long start = System.nanoTime();
        assertArrayEquals(new byte[] {1, 2, 3}, roundTrip(s, new byte[] {1, 2, 3}));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(ms >= 2 * (60 - 10), "round trip " + ms + " ms through a 60±10 ms link");
      }
    }
  }

  @Test
  void bytesArriveIntactAndInOrderThroughRateAndLoss() throws Exception {
    byte[] payload = new byte[256 * 1024];
    new Random(SEED).nextBytes(payload);
    try (LinkRelay relay = LinkRelay.start(echoAddress(), LinkProfile.parse("delay=2ms jitter=2ms loss=2% rate=8mbit"),
        SEED); Socket s = dial(relay)) {
      long start = System.nanoTime();
      assertArrayEquals(payload, roundTrip(s, payload));
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      // 256 KiB each way at 8 Mbit/s is at least 262 ms of serialization in each direction, overlapping.
      assertTrue(ms >= 262, "256 KiB at 8 Mbit/s took " + ms + " ms");
      assertTrue(relay.lostSegments() > 0, "2% of 360 segments each way: some must be lost");
      assertTrue(ms >= LinkProfile.MIN_RTO_MS, "a lost segment holds the stream for one retransmission timeout");
      // The counter moves just after the last write, which the echo may already have answered.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (relay.relayedBytes() < 2L * payload.length && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertEquals(2L * payload.length, relay.relayedBytes());
    }
  }

  @Test
  void aCutClosesLiveConnectionsAndRefusesNewOnesUntilHealed() throws Exception {
    try (LinkRelay relay = LinkRelay.start(echoAddress(), LinkProfile.LOOPBACK, SEED)) {
      Socket live = dial(relay);
      assertArrayEquals(new byte[] {7}, roundTrip(live, new byte[] {7}));
      relay.cut();
      InputStream in = live.getInputStream();
      assertThrowsOrEnds(in);
      live.close();
      try (Socket refused = dial(relay)) {
        assertThrowsOrEnds(refused.getInputStream());
      }
      relay.heal();
      try (Socket again = dial(relay)) {
        assertArrayEquals(new byte[] {9}, roundTrip(again, new byte[] {9}));
      }
    }
  }

  @Test
  void aCutFromOneSourceLeavesOtherSourcesConnected() throws Exception {
    InetAddress cutOff = InetAddress.getByName("127.0.0.11");
    InetAddress other = InetAddress.getByName("127.0.0.12");
    try (LinkRelay relay = LinkRelay.start(echoAddress(), LinkProfile.LOOPBACK, SEED);
        Socket fromCut = dialFrom(relay, cutOff); Socket fromOther = dialFrom(relay, other)) {
      assertArrayEquals(new byte[] {1}, roundTrip(fromCut, new byte[] {1}));
      assertArrayEquals(new byte[] {2}, roundTrip(fromOther, new byte[] {2}));
      relay.cutFrom(cutOff);
      assertThrowsOrEnds(fromCut.getInputStream());
      assertArrayEquals(new byte[] {3}, roundTrip(fromOther, new byte[] {3}), "the other source's link stays up");
      try (Socket refused = dialFrom(relay, cutOff)) {
        assertThrowsOrEnds(refused.getInputStream());
      }
      relay.healFrom(cutOff);
      try (Socket again = dialFrom(relay, cutOff)) {
        assertArrayEquals(new byte[] {4}, roundTrip(again, new byte[] {4}));
      }
    }
  }

  @Test
  void eachSourceGetsTheProfileItsRowOfTheMatrixGives() throws Exception {
    InetAddress far = InetAddress.getByName("127.0.0.11");
    InetAddress near = InetAddress.getByName("127.0.0.12");
    LinkMatrix matrix = LinkMatrix.parse("region far 1\nregion near 2 3\nlink far near delay=150ms\n");
    // The relay stands in front of node 3: a dialer from 127.0.0.(10+i) is node i.
    try (LinkRelay relay = LinkRelay.start(echoAddress(), LinkProfile.LOOPBACK,
        source -> matrix.profile(Byte.toUnsignedInt(source.getAddress()[3]) - 10, 3), SEED);
        Socket fromFar = dialFrom(relay, far); Socket fromNear = dialFrom(relay, near)) {
      long start = System.nanoTime();
      assertArrayEquals(new byte[] {1}, roundTrip(fromFar, new byte[] {1}));
      long farMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(farMs >= 300, "a round trip on the 150 ms link took " + farMs + " ms");
      start = System.nanoTime();
      assertArrayEquals(new byte[] {2}, roundTrip(fromNear, new byte[] {2}));
      long nearMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(nearMs < farMs, "within the region " + nearMs + " ms, across " + farMs + " ms");
    }
  }

  @Test
  void forwardsOnlyToLoopback() {
    assertThrows(IllegalArgumentException.class,
        () -> LinkRelay.start(new InetSocketAddress("192.0.2.1", 80), LinkProfile.LOOPBACK, SEED));
  }

  /** A cut connection ends: the read returns end of stream or fails (reset), within the socket timeout. */
  private static void assertThrowsOrEnds(InputStream in) {
    try {
      assertEquals(-1, in.read());
    } catch (IOException expected) {
      // A reset is a cut too.
    }
  }
}
