package org.lpos.lab.sim;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.lpos.proto.v1.PeerMessage;

/** Messages and bytes sent, by message type, counted once per recipient when a node sends. */
final class TrafficStats {
  /** The message types, in report order. */
  static final String[] TYPES = {
    "proposal", "vote", "transactions", "ticket", "committed_block", "block_request", "block_response", "status", "commit_notice", "empty"
  };

  private final long[] messages = new long[TYPES.length];
  private final long[] bytes = new long[TYPES.length];

  void count(PeerMessage m) {
    int t = typeIndex(m);
    messages[t]++;
    bytes[t] += m.getSerializedSize();
  }

  /** Messages per node per height, by type. */
  Map<String, Double> messagesPer(int nodes, long heights) {
    return per(messages, nodes, heights);
  }

  /** Bytes per node per height, by type. */
  Map<String, Double> bytesPer(int nodes, long heights) {
    return per(bytes, nodes, heights);
  }

  static String typeOf(PeerMessage m) {
    return TYPES[typeIndex(m)];
  }

  private static int typeIndex(PeerMessage m) {
    return switch (m.getBodyCase()) {
      case PROPOSAL -> 0;
      case VOTE -> 1;
      case TRANSACTIONS -> 2;
      case TICKET -> 3;
      case COMMITTED_BLOCK -> 4;
      case BLOCK_REQUEST -> 5;
      case BLOCK_RESPONSE -> 6;
      case STATUS -> 7;
      case COMMIT_NOTICE -> 8;
      case BODY_NOT_SET -> 9;
    };
  }

  private static Map<String, Double> per(long[] counts, int nodes, long heights) {
    Map<String, Double> out = new LinkedHashMap<>();
    double divisor = (double) nodes * Math.max(1, heights);
    double total = 0;
    for (int i = 0; i < TYPES.length; i++) {
      double v = round(counts[i] / divisor);
      total += counts[i] / divisor;
      if (counts[i] > 0 || i < 8) {
        out.put(TYPES[i], v);
      }
    }
    out.put("total", round(total));
    return out;
  }

  private static double round(double v) {
    return Double.parseDouble(String.format(Locale.ROOT, "%.3f", v));
  }
}
