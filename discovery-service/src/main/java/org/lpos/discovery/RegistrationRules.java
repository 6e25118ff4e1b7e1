package org.lpos.discovery;

import com.google.protobuf.ByteString;
import java.util.Optional;
import org.lpos.chain.crypto.Signatures;
import org.lpos.chain.discovery.RegistrationProof;
import org.lpos.proto.v1.RegisterRequest;

/**
 * The checks on a registration request: its syntax, then its proof of key. Kept apart from {@link Registry} so the rules
 * read as one list and each failure names the field at fault, which is what a node operator
 * needs to fix a misconfigured node.
 */
public final class RegistrationRules {
  /** Ed25519 public keys are 32 bytes (PROTOCOL.md keys). */
  public static final int PUBLIC_KEY_BYTES = 32;

  /** Node names end up in logs and CSV files, so they are bounded and kept to visible ASCII. */
  public static final int MAX_NODE_NAME_CHARS = 128;

  /** Addresses end up in every peer sample, so they are bounded like names (a DNS name's limit). */
  public static final int MAX_ADDRESS_CHARS = 255;

  private RegistrationRules() {}

  /** Returns why {@code nodeName} is not an acceptable node name, if it is not. */
  public static Optional<Rejection> nameProblem(String nodeName) {
    if (nodeName.isEmpty() || nodeName.length() > MAX_NODE_NAME_CHARS
        || !nodeName.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      return Optional.of(Rejection.invalid(
          "node_name must be 1-" + MAX_NODE_NAME_CHARS
              + " printable ASCII characters without spaces"));
    }
    return Optional.empty();
  }

  /**
   * Returns the first syntactic problem with a registration request, if any. The signature is
   * checked apart, by {@link #proofProblem}, since it needs the wall clock and costs a verification.
   */
  public static Optional<Rejection> check(RegisterRequest request) {
    Optional<Rejection> name = nameProblem(request.getNodeName());
    if (name.isPresent()) {
      return name;
    }
    Optional<String> addressProblem = addressProblem(request.getAddress());
    if (addressProblem.isPresent()) {
      return Optional.of(Rejection.invalid(addressProblem.get()));
    }
    ByteString publicKey = request.getPublicKey();
    if (publicKey.size() != PUBLIC_KEY_BYTES) {
      return Optional.of(Rejection.invalid("public_key is required (" + PUBLIC_KEY_BYTES
          + " bytes, the node's Ed25519 key; with -l the key of its member), got " + publicKey.size()));
    }
    if (request.getInstanceId().size() != RegistrationProof.INSTANCE_ID_BYTES) {
      return Optional.of(Rejection.invalid("instance_id must be " + RegistrationProof.INSTANCE_ID_BYTES
          + " random bytes chosen once per process, got " + request.getInstanceId().size()));
    }
    if (request.getSignature().size() != Signatures.SIGNATURE_LENGTH) {
      return Optional.of(Rejection.invalid("signature must be " + Signatures.SIGNATURE_LENGTH
          + " bytes (Ed25519 by public_key over the registration), got " + request.getSignature().size()));
    }
    return Optional.empty();
  }

  /**
   * Returns why the request's proof of key fails, if it does: a timestamp further than
   * {@code maxClockSkewMillis} from {@code nowWallMillis}, or a signature that does not verify.
   * Call after {@link #check}.
   */
  public static Optional<Rejection> proofProblem(
      RegisterRequest request, long nowWallMillis, long maxClockSkewMillis) {
    long skew = request.getTimestampMs() - nowWallMillis;
    if (request.getTimestampMs() < 0 || Math.abs(skew) > maxClockSkewMillis) {
      return Optional.of(new Rejection(Rejection.Kind.UNAUTHENTICATED, "timestamp_ms is "
          + skew + " ms from the server's clock; allowed: +-" + maxClockSkewMillis
          + " ms (--max-clock-skew-seconds): synchronise the node's clock"));
    }
    if (!RegistrationProof.verify(request)) {
      return Optional.of(new Rejection(Rejection.Kind.UNAUTHENTICATED,
          "signature does not verify for public_key over this registration (domain LPOS/register)"));
    }
    return Optional.empty();
  }

  /** Returns why {@code address} is not {@code host:port} (IPv6 hosts in brackets), if it is not. */
  public static Optional<String> addressProblem(String address) {
    if (address.length() > MAX_ADDRESS_CHARS) {
      return Optional.of("address must be at most " + MAX_ADDRESS_CHARS + " characters, got "
          + address.length());
    }
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
