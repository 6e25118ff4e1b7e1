package org.lpos.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;
import org.junit.jupiter.api.Test;

class TransportLogFilterTest {
  private static final String DEFRAMER = "io.grpc.netty.shaded.io.grpc.netty.NettyServerStream$TransportState";

  private final AtomicLong now = new AtomicLong(1_000);
  private final TransportLogFilter filter = new TransportLogFilter(now::get);

  private static LogRecord oversizedFrame() {
    LogRecord record = new LogRecord(Level.WARNING, "Exception processing message");
    record.setLoggerName(DEFRAMER);
    record.setThrown(Status.RESOURCE_EXHAUSTED.withDescription("gRPC message exceeds maximum size 1114112: 5242880")
        .asRuntimeException());
    return record;
  }

  /** A thousand refused frames wrote a thousand stack traces (~5 MB) before; now a few lines. */
  @Test
  void aFloodOfTransportWarningsWritesAFewShortLines() {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    StreamHandler handler = new StreamHandler(log, new SimpleFormatter());
    handler.setFilter(filter);
    for (int i = 0; i < 1_000; i++) {
      handler.publish(oversizedFrame());
    }
    handler.flush();
    String text = log.toString(StandardCharsets.UTF_8);
    assertTrue(log.size() < 2_000, "log grew by " + log.size() + " bytes:\n" + text);
    assertEquals(TransportLogFilter.RECORDS_PER_WINDOW, text.split("maximum size", -1).length - 1, text);
    assertFalse(text.contains("\tat "), "no stack trace: " + text);
  }

  @Test
  void theFirstRecordOfTheNextWindowCountsWhatWasSuppressed() {
    for (int i = 0; i < TransportLogFilter.RECORDS_PER_WINDOW + 7; i++) {
      filter.isLoggable(oversizedFrame());
    }
    now.addAndGet(TimeUnit.SECONDS.toNanos(TransportLogFilter.WINDOW_SECONDS));
    LogRecord next = oversizedFrame();
    assertTrue(filter.isLoggable(next));
    assertNull(next.getThrown());
    assertTrue(next.getMessage().contains("RESOURCE_EXHAUSTED"), next.getMessage());
    assertTrue(next.getMessage().contains("(7 similar records from this logger suppressed)"), next.getMessage());
  }

  @Test
  void eachTransportLoggerHasItsOwnAllowance() {
    for (int i = 0; i < TransportLogFilter.RECORDS_PER_WINDOW; i++) {
      assertTrue(filter.isLoggable(oversizedFrame()));
    }
    assertFalse(filter.isLoggable(oversizedFrame()));
    LogRecord other = new LogRecord(Level.WARNING, "Stream Error");
    other.setLoggerName("io.grpc.netty.shaded.io.grpc.netty.NettyServerHandler");
    assertTrue(filter.isLoggable(other));
  }

  /** {@code -d} once turned on Netty's per-frame logging too: ten nodes on two cores spent their CPU on it. */
  @Test
  void debugLoggingLeavesTheTransportAtInfo() {
    java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
    Level before = root.getLevel();
    try {
      root.setLevel(Level.FINE);
      TransportLogFilter.keepTransportAtInfo();
      assertFalse(java.util.logging.Logger.getLogger("io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2FrameLogger")
          .isLoggable(Level.FINE));
      assertFalse(java.util.logging.Logger.getLogger("io.netty.buffer.PooledByteBufAllocator").isLoggable(Level.FINE));
      assertTrue(java.util.logging.Logger.getLogger("io.grpc.netty.shaded.io.grpc.netty.NettyServerHandler")
          .isLoggable(Level.INFO));
      assertTrue(java.util.logging.Logger.getLogger("lpos.TransportLogFilterTest.own").isLoggable(Level.FINE),
          "the node's own loggers follow the root (org.lpos itself may be set by other tests)");
    } finally {
      root.setLevel(before);
    }
  }

  @Test
  void theNodesOwnRecordsPassUntouched() {
    IllegalStateException cause = new IllegalStateException("store write failed");
    for (int i = 0; i < 100; i++) {
      LogRecord record = new LogRecord(Level.SEVERE, "driver stopped");
      record.setLoggerName("org.lpos.node.runtime.NodeDriver");
      record.setThrown(cause);
      assertTrue(filter.isLoggable(record));
      assertSame(cause, record.getThrown());
      assertEquals("driver stopped", record.getMessage());
    }
  }
}
