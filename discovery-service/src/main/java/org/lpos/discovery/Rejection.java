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
    NOT_FOUND
  }

  static Rejection invalid(String message) {
    return new Rejection(Kind.INVALID_ARGUMENT, message);
  }
}
