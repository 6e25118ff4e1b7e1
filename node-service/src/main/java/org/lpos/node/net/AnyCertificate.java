package org.lpos.node.net;

import java.net.Socket;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A trust manager that accepts every certificate. On peer links this is not a hole: TLS gives
 * encryption, and who is at the other end is proven by the Ed25519 handshake, which signs both
 * certificates' hashes ({@link ChannelBinding}). Clients use it like {@code grpcurl -insecure}
 * when no {@code --cacert} is given. It extends {@link X509ExtendedTrustManager} so the TLS stack
 * does not wrap it with a host-name check that ephemeral certificates cannot pass.
 */
final class AnyCertificate extends X509ExtendedTrustManager {
  static final AnyCertificate INSTANCE = new AnyCertificate();

  private AnyCertificate() {}

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) {}

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) {}

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
