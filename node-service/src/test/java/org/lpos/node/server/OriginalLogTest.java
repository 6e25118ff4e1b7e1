package org.lpos.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.lpos.node.net.CommunicationCost;
import org.lpos.node.net.MessageKind;

/** The original's log lines, derived from statuses, commits and communication counts. */
class OriginalLogTest {
  /** 2026-12-03 11:53:06.123 UTC. */
  private static final long T = 1_796_298_786_123L;
  private static final String AT = "2026-12-03 11:53:06,123 INFO ";
  private static final ByteString HASH = ByteString.copyFrom(new byte[] {
      (byte) 0xab, (byte) 0xcd, 0x01, 0x23, 0x45, 0x67, (byte) 0x89, (byte) 0xef, 0x11, 0x22});

  private final StringWriter text = new StringWriter();
  private final OriginalLog log = new OriginalLog(text, "test.log", OriginalLog.MAX_BYTES);

  @Test
  void aNewHeightStartsARoundAndALaterRoundIsAViewChange() {
    log.status(1, 0, T);
    log.status(1, 0, T);
    log.status(1, 1, T);
    log.committed(1, HASH, 3, 1, T);
    log.status(2, 0, T);
    assertEquals(AT + "Start Round height=1 round=0\n"
        + AT + "view change height=1 round=1\n"
        + AT + "Start Round height=1 round=1\n"
        + AT + "add block height=1 hash=abcd0123456789ef txs=3 round=1\n"
        + AT + "Start Round height=2 round=0\n", text.toString());
  }

  @Test
  void aStatusThatIsNotNewerWritesNothing() {
    assertEquals(List.of("Start Round height=1 round=0"), OriginalLog.roundLines(-1, -1, 1, 0));
    assertEquals(List.of(), OriginalLog.roundLines(5, 2, 5, 2), "the same round again");
    assertEquals(List.of(), OriginalLog.roundLines(5, 2, 5, 1), "an older round");
    assertEquals(List.of(), OriginalLog.roundLines(5, 2, 4, 7), "an older height");
    assertEquals(List.of("view change height=5 round=4", "Start Round height=5 round=4"),
        OriginalLog.roundLines(5, 2, 5, 4), "rounds skipped: one view change to the round reached");
    assertEquals(List.of("view change height=9 round=1", "Start Round height=9 round=1"),
        OriginalLog.roundLines(5, 2, 9, 1), "caught up into a later round");
  }

  @Test
  void theCommunicationLineHoldsMessagesAndBytesOfEveryClassThatHasAny() {
    Map<MessageKind, CommunicationCost.Counts> counts = new EnumMap<>(MessageKind.class);
    for (MessageKind k : MessageKind.values()) {
      counts.put(k, new CommunicationCost.Counts(0, 0, 0, 0));
    }
    counts.put(MessageKind.VOTE, new CommunicationCost.Counts(4, 400, 6, 612));
    counts.put(MessageKind.TRANSACTIONS, new CommunicationCost.Counts(0, 0, 2, 9_000));
    log.communication(counts, T);
    assertEquals(AT + "messages info {\"sent\": {\"vote\": {\"messages\": 4, \"bytes\": 400}}, "
        + "\"recv\": {\"vote\": {\"messages\": 6, \"bytes\": 612}, "
        + "\"transactions\": {\"messages\": 2, \"bytes\": 9000}}}\n", text.toString());
    assertEquals("messages info {\"sent\": {}, \"recv\": {}}", OriginalLog.messagesInfo(Map.of()));
  }

  @Test
  void theFileIsNamedByRegistrationOrderElseBySafeNodeName() {
    assertEquals("7.log", OriginalLog.fileName(7, "node-0a1b2c3d"));
    assertEquals("node-0a1b2c3d.log", OriginalLog.fileName(0, "node-0a1b2c3d"));
    assertEquals(".._.._etc_x.log", OriginalLog.fileName(0, "../../etc/x"), "stays in the output directory");
    assertEquals("4294967295.log", OriginalLog.fileName(-1, "n"), "uint32 on the wire");
  }

  @Test
  void aWriteFailureIsLoggedOnceAndTheLogStopsWithoutFailingTheCaller() {
    int[] writes = {0};
    Writer broken = new Writer() {
      @Override
      public void write(char[] buf, int off, int len) throws IOException {
        writes[0]++;
        throw new IOException("disk full");
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    List<LogRecord> warnings = new ArrayList<>();
    Logger logger = Logger.getLogger(OriginalLog.class.getName());
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord r) {
        warnings.add(r);
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    logger.addHandler(capture);
    // The warning is expected here; it need not reach the build's console.
    logger.setUseParentHandlers(false);
    try {
      OriginalLog failing = new OriginalLog(broken, "broken.log", OriginalLog.MAX_BYTES);
      failing.status(1, 0, T);
      failing.committed(1, HASH, 1, 0, T);
      failing.communication(Map.of(), T);
      failing.status(2, 0, T);
    } finally {
      logger.removeHandler(capture);
      logger.setUseParentHandlers(true);
    }
    assertEquals(1, writes[0], "no write is tried after the first failure");
    assertEquals(1, warnings.size());
    assertEquals(Level.WARNING, warnings.get(0).getLevel());
    assertTrue(warnings.get(0).getMessage().contains("broken.log"), warnings.get(0).getMessage());
  }

  @Test
  void theLogStopsAtItsLimitWithALineSayingSo() {
    OriginalLog small = new OriginalLog(text, "small.log", 120);
    for (long h = 1; h <= 10; h++) {
      small.status(h, 0, T);
    }
    List<String> lines = text.toString().lines().toList();
    assertEquals(List.of(AT + "Start Round height=1 round=0", AT + "Start Round height=2 round=0",
        AT + "log limit of 120 bytes reached; nothing more is written here"), lines);
  }
}
