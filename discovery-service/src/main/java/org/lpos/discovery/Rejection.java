package org.lpos.discovery;

/**
 * Why the discovery service refused a request: a value the gRPC layer turns into a status, so
 * that bad input from one node is reported to it and logged, never thrown through the registry.
 *
 * @param kind which class of refusal, mapped one to one onto a gRPC status code
 * @param message a sentence naming the offending field or limit
 */
public record Rejection(Kind kind, String message) {

  /** The classes of refusal the registry can produce. */
  public enum Kind {
    /** The request itself is malformed (a field out of range or missing). */
    INVALID_ARGUMENT,
    /** The request is well formed but a server limit has been reached. */
    RESOURCE_EXHAUSTED,
    /** The request names a node the server does not know (never registered, or lease lost). */
    NOT_FOUND,
    /** The name or key is held by another key or another process while its lease is live. */
    ALREADY_EXISTS,
    /** The key may not take this name (with -l: not the member the name runs as). */
    PERMISSION_DENIED,
    /** The signature does not verify, or its timestamp is outside the allowed clock skew. */
    UNAUTHENTICATED,
    /** The call does not apply to this server's mode (ClaimMember without -l). */
    FAILED_PRECONDITION,
    /** Another name registered the claimed member first; the caller claims again. */
    ABORTED
  }

  static Rejection invalid(String message) {
    return new Rejection(Kind.INVALID_ARGUMENT, message);
  }

  static Rejection exhausted(String message) {
    return new Rejection(Kind.RESOURCE_EXHAUSTED, message);
  }

  static Rejection taken(String message) {
    return new Rejection(Kind.ALREADY_EXISTS, message);
  }
}
