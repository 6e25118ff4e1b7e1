package org.lpos.node.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The inbound byte accounting behind gRPC's manual flow control: a stream is asked for its next
 * frame only while it and the node are under their budgets, so a paused peer holds at most its
 * budget plus the one frame that crossed it; bytes come back when their ticket runs (once, however
 * often it is run), and a release anywhere resumes the streams the node-wide budget paused.
 */
class InboundBytesTest {
  private final AtomicInteger requestsA = new AtomicInteger();
  private final AtomicInteger requestsB = new AtomicInteger();

  @Test
  void aStreamOverItsBudgetIsAskedForNothingUntilItsBytesAreTaken() {
    InboundBytes bytes = new InboundBytes(1_000_000);
    InboundBytes.Window a = bytes.open(100, requestsA::addAndGet, false);
    a.tryRequest();
    assertEquals(1, requestsA.get(), "the first frame is asked for");
    a.tryRequest();
    assertEquals(1, requestsA.get(), "one frame is asked for at a time");

    Runnable first = a.accept(60);
    a.tryRequest();
    assertEquals(2, requestsA.get(), "60 of 100 bytes: room for another frame");
    Runnable second = a.accept(70);
    a.tryRequest();
    assertEquals(2, requestsA.get(), "130 of 100 bytes: paused");
    assertEquals(130, a.inFlightBytes(), "a paused stream holds its budget plus the frame that crossed it");
    assertEquals(1, bytes.pausedStreams());

    first.run();
    assertEquals(3, requestsA.get(), "taking the first message made room: the next frame is asked for");
    assertEquals(0, bytes.pausedStreams());
    first.run();
    assertEquals(70, a.inFlightBytes(), "a ticket releases its bytes once");
    second.run();
    assertEquals(0, bytes.inFlightBytes());
    assertEquals(3, requestsA.get(), "still one request outstanding, not two");
  }

  @Test
  void theNodeWideBudgetPausesEveryStreamAndAReleaseAnywhereResumesThem() {
    InboundBytes bytes = new InboundBytes(100);
    InboundBytes.Window a = bytes.open(1_000, requestsA::addAndGet, true);
    InboundBytes.Window b = bytes.open(1_000, requestsB::addAndGet, true);
    Runnable fromA = a.accept(120);
    a.tryRequest();
    Runnable fromB = b.accept(10);
    b.tryRequest();
    assertEquals(0, requestsA.get(), "the node holds 130 of 100 bytes: a waits");
    assertEquals(0, requestsB.get(), "and so does b, though b's own budget has room");
    assertEquals(2, bytes.pausedStreams());

    fromA.run();
    assertEquals(1, requestsA.get(), "a's release made room for both");
    assertEquals(1, requestsB.get());
    fromB.run();
    assertEquals(1, requestsB.get(), "b has a request outstanding already");
  }

  @Test
  void aClosedStreamIsAskedForNothingButItsTicketsStillRelease() {
    InboundBytes bytes = new InboundBytes(1_000);
    InboundBytes.Window a = bytes.open(100, requestsA::addAndGet, true);
    Runnable ticket = a.accept(500);
    a.tryRequest();
    a.close();
    ticket.run();
    assertEquals(0, requestsA.get());
    assertEquals(0, bytes.inFlightBytes());
    assertEquals(0, bytes.pausedStreams());
  }

  @Test
  void aFollowerWindowRaisedToAMembersBudgetAsksAtOnce() {
    InboundBytes bytes = new InboundBytes(1_000);
    InboundBytes.Window a = bytes.open(10, requestsA::addAndGet, true);
    a.accept(50);
    a.tryRequest();
    assertEquals(0, requestsA.get());
    a.limit(100);
    assertEquals(1, requestsA.get(), "the handshake showed a stakeholder: its larger budget has room");
  }
}
