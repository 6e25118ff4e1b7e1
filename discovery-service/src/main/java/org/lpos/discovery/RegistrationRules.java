package org.lpos.discovery;

import com.google.protobuf.ByteString;
import java.util.Optional;

/**
 * The syntactic checks on a registration request. Kept apart from {@link Registry} so the rules
 * read as one list and each failure names the field at fault, which is what a node operator
 * needs to fix a misconfigured node.
 */
public final class RegistrationRules {
  /** Ed25519 public keys are 32 bytes (PROTOCOL.md keys). */
  public static final int PUBLIC_KEY_BYTES = 32;

  /** Node names end up in logs and CSV files, so they are bounded and kept to visible ASCII. */
  public static final int MAX_NODE_NAME_CHARS = 128;

  private RegistrationRules() {}

  /**
   * Returns the first problem with a registration request, if any.
   *
   * @param keyRequired whether the caller must bring its own key (the server does not preload)
   */
  public static Optional<Rejection> check(
      ByteString publicKey, String address, String nodeName, boolean keyRequired) {
    if (nodeName.isEmpty() || nodeName.length() > MAX_NODE_NAME_CHARS
        || !nodeName.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      return Optional.of(Rejection.invalid(
          "node_name must be 1-" + MAX_NODE_NAME_CHARS
              + " printable ASCII characters without spaces"));
    }
    Optional<String> addressProblem = addressProblem(address);
    if (addressProblem.isPresent()) {
      return Optional.of(Rejection.invalid(addressProblem.get()));
    }
    if (publicKey.isEmpty() && keyRequired) {
      return Optional.of(Rejection.invalid(
          "public_key is required (" + PUBLIC_KEY_BYTES + " bytes): this server does not preload members"));
    }
    if (!publicKey.isEmpty() && publicKey.size() != PUBLIC_KEY_BYTES) {
      return Optional.of(Rejection.invalid(
          "public_key must be empty or " + PUBLIC_KEY_BYTES + " bytes, got " + publicKey.size()));
    }
    return Optional.empty();
  }

  /** Returns why {@code address} is not {@code host:port} (IPv6 hosts in brackets), if it is not. */
  public static Optional<String> addressProblem(String address) {
    int colon = address.lastIndexOf(':');
    if (colon <= 0 || colon == address.length() - 1) {
      return Optional.of("address must be host:port, got '" + printable(address) + "'");
    }
    String host = address.substring(0, colon);
    String port = address.substring(colon + 1);
    boolean bracketed = host.startsWith("[") && host.endsWith("]") && host.length() > 2;
    String bare = bracketed ? host.substring(1, host.length() - 1) : host;
    // An unbracketed colon means an IPv6 literal whose port cannot be told apart from its groups.
    boolean ambiguous = !bracketed && host.indexOf(':') >= 0;
    if (ambiguous || !bare.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '[' && c != ']')) {
      return Optional.of("address must be host:port, got '" + printable(address) + "'");
    }
    if (port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.of("address port must be a number 1-65535, got '" + printable(port) + "'");
    }
    int value = Integer.parseInt(port);
    if (value < 1 || value > 65535) {
      return Optional.of("address port must be 1-65535, got " + value);
    }
    return Optional.empty();
  }

  /** Keeps error messages on one line and short whatever the client sent. */
  private static String printable(String text) {
    String clipped = text.length() > 80 ? text.substring(0, 80) + "..." : text;
    return clipped.replaceAll("\\p{Cntrl}", "?");
  }
}
