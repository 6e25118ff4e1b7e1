package org.lpos.node.net;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import org.lpos.proto.v1.PeerEnvelope;

/**
 * Messages and bytes sent and received per message type: the original's communication-cost
 * log. Thread-safe counters; {@link #snapshot} reads them for reports and metrics.
 */
public final class CommunicationCost {
  /** Counts of one message type. */
  public record Counts(long sentMessages, long sentBytes, long receivedMessages, long receivedBytes) {}

  private static final MessageKind[] KINDS = MessageKind.values();
  private final AtomicLongArray sentMessages = new AtomicLongArray(KINDS.length);
  private final AtomicLongArray sentBytes = new AtomicLongArray(KINDS.length);
  private final AtomicLongArray receivedMessages = new AtomicLongArray(KINDS.length);
  private final AtomicLongArray receivedBytes = new AtomicLongArray(KINDS.length);

  void sent(PeerEnvelope frame) {
    int k = MessageKind.of(frame).ordinal();
    sentMessages.incrementAndGet(k);
    sentBytes.addAndGet(k, frame.getSerializedSize());
  }

  void received(PeerEnvelope frame) {
    int k = MessageKind.of(frame).ordinal();
    receivedMessages.incrementAndGet(k);
    receivedBytes.addAndGet(k, frame.getSerializedSize());
  }

  /** The counts so far, by message type. */
  public Map<MessageKind, Counts> snapshot() {
    Map<MessageKind, Counts> out = new EnumMap<>(MessageKind.class);
    for (MessageKind k : KINDS) {
      int i = k.ordinal();
      out.put(k, new Counts(sentMessages.get(i), sentBytes.get(i), receivedMessages.get(i), receivedBytes.get(i)));
    }
    return out;
  }
}
