package org.lpos.node.metrics;

import com.google.protobuf.ByteString;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * When this node first saw each pending transaction (submitted by a client or received from a
 * peer), so that its commit latency can be measured when a block carrying it is committed.
 * Bounded: past {@code capacity} entries the oldest are forgotten (a transaction that never
 * commits must not hold memory forever), and such a transaction is then simply not measured.
 */
final class FirstSeen {
  private final Map<ByteString, Long> seenAtMs;

  FirstSeen(int capacity) {
    this.seenAtMs = new LinkedHashMap<>(1_024, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<ByteString, Long> eldest) {
        return size() > capacity;
      }
    };
  }

  /** Records {@code txId} as seen at {@code nowMs} unless it was seen before. */
  synchronized void seen(ByteString txId, long nowMs) {
    seenAtMs.putIfAbsent(txId, nowMs);
  }

  /** When {@code txId} was first seen, forgetting it; empty if it never was (or was forgotten). */
  synchronized OptionalLong committed(ByteString txId) {
    Long at = seenAtMs.remove(txId);
    return at == null ? OptionalLong.empty() : OptionalLong.of(at);
  }

  synchronized int size() {
    return seenAtMs.size();
  }
}
