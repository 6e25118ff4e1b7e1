package org.lpos.node.net;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.lpos.proto.v1.NodeGrpc;
import org.lpos.proto.v1.PeerGrpc;

/**
 * Reads each call's TLS session at the edge: a Peer stream gets its {@link ChannelBinding} in the
 * call's {@link Context} and is refused (UNAUTHENTICATED) when the dialer presented no client
 * certificate, since there would be nothing to bind its proof to; a Node API call is refused when
 * an API client CA is configured and the client's certificate does not chain to it. Health and
 * reflection are left open.
 */
final class TlsSessionCheck implements ServerInterceptor {
  private static final Logger LOG = Logger.getLogger(TlsSessionCheck.class.getName());

  private final Optional<X509Certificate> apiClientCa;

  TlsSessionCheck(Optional<X509Certificate> apiClientCa) {
    this.apiClientCa = apiClientCa;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    String service = call.getMethodDescriptor().getServiceName();
    SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
    if (PeerGrpc.SERVICE_NAME.equals(service)) {
      Optional<ChannelBinding> binding = ChannelBinding.of(session);
      if (binding.isEmpty()) {
        return refuse(call, "peer streams need TLS with a client certificate");
      }
      return Contexts.interceptCall(Context.current().withValue(ChannelBinding.CONTEXT_KEY, binding.get()), call,
          headers, next);
    }
    if (NodeGrpc.SERVICE_NAME.equals(service) && apiClientCa.isPresent() && !chainsToCa(session)) {
      return refuse(call, "the Node API needs a client certificate from the configured CA");
    }
    return next.startCall(call, headers);
  }

  private boolean chainsToCa(SSLSession session) {
    if (session == null) {
      return false;
    }
    try {
      Certificate[] chain = session.getPeerCertificates();
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(apiClientCa.get(), null)));
      parameters.setRevocationEnabled(false);
      CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(Arrays.asList(chain)), parameters);
      return true;
    } catch (SSLPeerUnverifiedException e) {
      return false;
    } catch (GeneralSecurityException e) {
      LOG.fine(() -> "API client certificate refused: " + e.getMessage());
      return false;
    }
  }

  private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, String reason) {
    call.close(Status.UNAUTHENTICATED.withDescription(reason), new Metadata());
    return new ServerCall.Listener<>() {};
  }
}
