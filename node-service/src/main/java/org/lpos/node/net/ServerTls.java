package org.lpos.node.net;

import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettySslContextServerCredentials;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a node's gRPC port is secured: TLS with {@code identity} (a client certificate is asked for
 * but not required, and any is accepted: peers prove their key in the handshake), or plaintext
 * ({@code --tls=off}). With {@code apiClientCa}, Node API calls must come with a client
 * certificate that chains to it.
 *
 * @param enabled whether the port speaks TLS
 * @param identity the server certificate and key (null when off)
 * @param apiClientCa the CA Node API clients must present a certificate from (empty = any client)
 */
public record ServerTls(boolean enabled, TlsIdentity identity, Optional<X509Certificate> apiClientCa) {
  /** Plaintext, for debugging only. */
  public static ServerTls off() {
    return new ServerTls(false, null, Optional.empty());
  }

  /** TLS with a new self-signed certificate for {@code name}, any API client. */
  public static ServerTls ephemeral(String name) {
    return new ServerTls(true, TlsIdentity.ephemeral(name), Optional.empty());
  }

  /** The credentials for the server builder. */
  public ServerCredentials credentials() {
    if (!enabled) {
      return InsecureServerCredentials.create();
    }
    try {
      return NettySslContextServerCredentials.create(GrpcSslContexts.configure(SslContextBuilder.forServer(
              new ByteArrayInputStream(identity.certificateChainPem()),
              new ByteArrayInputStream(identity.privateKeyPem())))
          .protocols(TlsVersion.ONLY)
          .trustManager(AnyCertificate.INSTANCE)
          .clientAuth(ClientAuth.OPTIONAL)
          .build());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the TLS certificate: " + e.getMessage(), e);
    }
  }

  /** The server interceptors these settings need (none when off). */
  public List<ServerInterceptor> interceptors() {
    List<ServerInterceptor> all = new ArrayList<>();
    if (enabled) {
      all.add(new TlsSessionCheck(apiClientCa));
    }
    return all;
  }

  /** The client credentials a node dials its peers with under these settings. */
  public ClientTls dialing() {
    return enabled ? ClientTls.acceptingAnyServer(identity) : ClientTls.off();
  }
}
