package org.lpos.node.net;

import com.google.protobuf.ByteString;
import io.grpc.Context;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.lpos.chain.tls.SelfSignedCertificate;

/**
 * What one end of a peer stream sees of its TLS session: the SHA-256 of the certificate it
 * presented and of the one it received. The handshake signs both, so a proof made on one TLS
 * session does not verify on another: a relay that terminates TLS on each side presents other
 * certificates than the ones the honest ends signed. Both are empty when TLS is off.
 *
 * @param ownCertificateSha256 SHA-256 of the DER certificate this end presented
 * @param peerCertificateSha256 SHA-256 of the DER certificate the other end presented
 */
public record ChannelBinding(ByteString ownCertificateSha256, ByteString peerCertificateSha256) {
  /** The binding of a plaintext stream (TLS off): nothing to bind to but the keys and challenges. */
  public static final ChannelBinding PLAINTEXT = new ChannelBinding(ByteString.EMPTY, ByteString.EMPTY);

  /** Where a server call finds the binding of the TLS session it arrived on. */
  public static final Context.Key<ChannelBinding> CONTEXT_KEY = Context.key("lpos-channel-binding");

  /**
   * The binding of {@code session}, or empty when either end presented no certificate (a peer
   * stream over TLS needs both).
   */
  public static Optional<ChannelBinding> of(SSLSession session) {
    if (session == null) {
      return Optional.empty();
    }
    Certificate[] own = session.getLocalCertificates();
    Certificate[] peer;
    try {
      peer = session.getPeerCertificates();
    } catch (SSLPeerUnverifiedException e) {
      return Optional.empty();
    }
    if (own == null || own.length == 0 || peer == null || peer.length == 0) {
      return Optional.empty();
    }
    return Optional.of(new ChannelBinding(sha256(own[0]), sha256(peer[0])));
  }

  private static ByteString sha256(Certificate certificate) {
    try {
      return ByteString.copyFrom(SelfSignedCertificate.sha256(certificate.getEncoded()));
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }
}
