package org.lpos.discovery;

import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettySslContextServerCredentials;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.lpos.chain.tls.SelfSignedCertificate;

/**
 * The transport security of the discovery port: TLS with a self-signed certificate made at start
 * (the default: nodes accept any certificate, as they do from each other, and gain an encrypted
 * link), or plaintext with {@code --tls=off}, for debugging only.
 */
final class DiscoveryTls {
  /** The warning printed at start when TLS is off. */
  static final String OFF_WARNING =
      "WARNING: --tls=off: the discovery port is plaintext; for debugging only";

  /** TLS 1.3 only, as the nodes (their {@code TlsVersion}): older clients are refused in the handshake. */
  static final String TLS_VERSION = "TLSv1.3";

  private DiscoveryTls() {}

  /** Credentials for the server: TLS with a new self-signed certificate, or plaintext. */
  static ServerCredentials credentials(boolean tls) {
    if (!tls) {
      return InsecureServerCredentials.create();
    }
    SelfSignedCertificate certificate = SelfSignedCertificate.generate("lpos-discovery");
    try {
      return NettySslContextServerCredentials.create(GrpcSslContexts.configure(SslContextBuilder.forServer(
              new ByteArrayInputStream(certificate.certificatePem()),
              new ByteArrayInputStream(certificate.privateKeyPem())))
          .protocols(TLS_VERSION)
          .build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
