package org.lpos.node.it;

import io.grpc.netty.shaded.io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * A TLS client that offers only TLS 1.2 and trusts any certificate: whether a port refuses it is
 * whether the server insists on TLS 1.3 (trust is not what is tested, so any certificate is fine).
 */
final class Tls12Client {
  private static final int TIMEOUT_MS = 10_000;

  private Tls12Client() {}

  /** True if a TLS 1.2-only handshake with 127.0.0.1:{@code port} fails; false if it succeeds. */
  static boolean isRefusedBy(int port) throws IOException, GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLSv1.2");
    context.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
    Socket plain = new Socket();
    plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT_MS);
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, "127.0.0.1", port, true)) {
      socket.setEnabledProtocols(new String[] {"TLSv1.2"});
      socket.setSoTimeout(TIMEOUT_MS);
      try {
        socket.startHandshake();
        return false;
      } catch (SSLException refused) {
        return true;
      }
    }
  }
}
