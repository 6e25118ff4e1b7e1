package org.lpos.node.net;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettySslContextChannelCredentials;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How a client dials a node or discovery: TLS 1.3 accepting the server's self-signed certificate
 * (the default; peers prove who they are in the handshake; TLS 1.3 only, see {@link TlsVersion}), TLS verifying the server against a CA
 * ({@code --cacert}), or plaintext ({@code --tls=off}, for debugging). Over TLS the client always
 * presents {@code identity}: the Peer service refuses streams without a client certificate.
 *
 * @param enabled whether to use TLS
 * @param caCertificate PEM CA certificates to verify the server with; empty = accept any
 * @param identity the client certificate and key presented
 */
public record ClientTls(boolean enabled, Optional<Path> caCertificate, TlsIdentity identity) {
  /** Plaintext. */
  public static ClientTls off() {
    return new ClientTls(false, Optional.empty(), null);
  }

  /** TLS accepting any server certificate, presenting the process's own client certificate. */
  public static ClientTls acceptingAnyServer() {
    return acceptingAnyServer(TlsIdentity.processDefault());
  }

  /** TLS accepting any server certificate, presenting {@code identity}. */
  public static ClientTls acceptingAnyServer(TlsIdentity identity) {
    return new ClientTls(true, Optional.empty(), identity);
  }

  /** TLS verifying the server against the CA certificates in {@code caFile}. */
  public static ClientTls verifyingWith(Path caFile) {
    return new ClientTls(true, Optional.of(caFile), TlsIdentity.processDefault());
  }

  /** From the usual client flags: {@code --tls=on|off} and an optional {@code --cacert FILE}. */
  public static ClientTls fromFlags(boolean tls, Path caFile) {
    if (!tls) {
      return off();
    }
    return caFile == null ? acceptingAnyServer() : verifyingWith(caFile);
  }

  /** The gRPC credentials these settings stand for. */
  public ChannelCredentials credentials() {
    if (!enabled) {
      return InsecureChannelCredentials.create();
    }
    try {
      SslContextBuilder b = GrpcSslContexts.forClient()
          .protocols(TlsVersion.ONLY)
          .keyManager(new ByteArrayInputStream(identity.certificateChainPem()),
              new ByteArrayInputStream(identity.privateKeyPem()));
      if (caCertificate.isPresent()) {
        b.trustManager(caCertificate.get().toFile());
      } else {
        b.trustManager(AnyCertificate.INSTANCE);
      }
      return NettySslContextChannelCredentials.create(b.build());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read TLS material: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot read TLS material: " + e.getMessage(), e);
    }
  }
}
