package org.lpos.lab.attack;

import io.grpc.Status;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** How many streams or calls ended with each gRPC status code, for an attack's report. */
final class CloseCodes {
  private final Map<Status.Code, AtomicLong> counts = new ConcurrentHashMap<>();

  void add(Status.Code code) {
    counts.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
  }

  long count(Status.Code code) {
    AtomicLong c = counts.get(code);
    return c == null ? 0 : c.get();
  }

  long total() {
    return counts.values().stream().mapToLong(AtomicLong::get).sum();
  }

  /** {@code CODE:n,CODE:n}, or {@code none}. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    new TreeMap<>(counts).forEach((code, n) -> s.append(s.isEmpty() ? "" : ",").append(code).append(':').append(n));
    return s.isEmpty() ? "none" : s.toString();
  }
}
