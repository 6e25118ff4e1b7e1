package org.lpos.node.net;

import com.google.protobuf.ByteString;
import java.util.regex.Pattern;
import org.lpos.chain.crypto.Hex;
import org.lpos.proto.v1.Hello;

/**
 * What a node announces in its {@link Hello} about the chain it runs: the name it was started
 * with (a shipped template such as {@code 10_rich_man}, or a file name) and its senate size N.
 * The genesis hash decides whether two nodes may talk; the label only words the refusal, so an
 * operator who started nodes with different N reads "peer runs 10_rich_man with N=1, this node
 * runs 10_rich_man with N=4" instead of a bare genesis mismatch. What a peer sends is shown only
 * when it is a short plain name, so a stranger cannot write arbitrary text into the log.
 *
 * @param name the chain's name (empty = none)
 * @param senateSeats N (0 = not announced)
 */
public record ChainLabel(String name, int senateSeats) {
  // Before UNNAMED: the constructor uses it while the class initializes.
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** No name, N not announced (tests and tools that dial a node). */
  public static final ChainLabel UNNAMED = new ChainLabel("", 0);

  /** Keeps a name only if it is plain: at most 64 letters, digits, dots, dashes or underscores. */
  public ChainLabel {
    name = name == null || !PLAIN.matcher(name).matches() ? "" : name;
    if (senateSeats < 0) {
      throw new IllegalArgumentException("senate seats must not be negative: " + senateSeats);
    }
  }

  /** Why a peer whose Hello names another chain id or genesis is refused, naming both sides. */
  String mismatch(Hello peer, String chainId, ByteString genesisHash) {
    String theirs = describe(plain(peer.getChainName()), plain(peer.getChainId()));
    String ours = describe(name, chainId);
    long theirSeats = Integer.toUnsignedLong(peer.getSenateSeats());
    if (theirSeats != 0 && senateSeats != 0 && theirSeats != senateSeats) {
      return "peer runs " + theirs + " with N=" + theirSeats + ", this node runs " + ours + " with N=" + senateSeats
          + ": start every node with the same N";
    }
    return "peer follows another chain: it runs " + theirs + " (genesis " + Hex.shortForm(peer.getGenesisHash())
        + (theirSeats == 0 ? "" : ", N=" + theirSeats) + "), this node runs " + ours + " (genesis "
        + Hex.shortForm(genesisHash) + (senateSeats == 0 ? "" : ", N=" + senateSeats) + ")";
  }

  private static String describe(String name, String chainId) {
    return name.isEmpty() ? "chain id " + (chainId.isEmpty() ? "(unnamed)" : chainId) : name;
  }

  private static String plain(String text) {
    return PLAIN.matcher(text).matches() ? text : "";
  }
}
