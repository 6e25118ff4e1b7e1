package org.lpos.node.net;

/**
 * The one TLS version LPOS speaks: 1.3. Servers and clients are configured with it alone, so a
 * client that offers only TLS 1.2 is refused in the handshake rather than served over an older
 * protocol with weaker cipher suites and a renegotiation surface.
 */
public final class TlsVersion {
  /** The protocol name as JSSE and Netty spell it. */
  public static final String ONLY = "TLSv1.3";

  private TlsVersion() {}
}
