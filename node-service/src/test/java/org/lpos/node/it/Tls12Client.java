package org.lpos.node.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

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
    context.init(null, new TrustManager[] {new AnyServer()}, null);
    Socket plain = new Socket();
    plain.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
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

  /** Accepts any server certificate. */
  private static final class AnyServer implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
