package org.lpos.node.net;

import java.util.Map;
import java.util.HashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Caps on inbound peer streams: how many are open at once from everyone, and from one remote IP
 * address. A stream takes a slot before its handshake (a stranger's stream costs memory too) and
 * gives it back when it ends. Thread-safe.
 */
public final class InboundStreams {
  private final int maxTotal;
  private final int maxPerAddress;
  private final Map<String, Integer> byAddress = new HashMap<>();
  private int open;
  private final AtomicLong refused = new AtomicLong();

  /** Caps of {@code maxTotal} streams, {@code maxPerAddress} from one address. */
  public InboundStreams(int maxTotal, int maxPerAddress) {
    this.maxTotal = maxTotal;
    this.maxPerAddress = maxPerAddress;
  }

  /** Takes a slot for a stream from {@code address}; false (and counted) if a cap is reached. */
  public synchronized boolean admit(String address) {
    int fromThere = byAddress.getOrDefault(address, 0);
    if (open >= maxTotal || fromThere >= maxPerAddress) {
      refused.incrementAndGet();
      return false;
    }
    open++;
    byAddress.put(address, fromThere + 1);
    return true;
  }

  /** Gives back the slot of a stream from {@code address} that ended. */
  public synchronized void release(String address) {
    Integer fromThere = byAddress.get(address);
    if (fromThere == null) {
      return;
    }
    open--;
    if (fromThere <= 1) {
      byAddress.remove(address);
    } else {
      byAddress.put(address, fromThere - 1);
    }
  }

  /** Inbound streams open now. */
  public synchronized int open() {
    return open;
  }

  /** Streams refused for a cap. */
  public long refused() {
    return refused.get();
  }
}
