package org.lpos.node.net;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.lpos.chain.tls.SelfSignedCertificate;

/**
 * The certificate and private key a process presents on TLS, server and client side: by default
 * a self-signed one made at start ({@link #ephemeral}), or files an operator gives (for clients
 * that verify the node against a CA, {@code --cacert}).
 *
 * @param certificateChainPem PEM certificate chain, leaf first
 * @param privateKeyPem PEM PKCS#8 private key
 */
@SuppressWarnings("ArrayRecordComponent") // PEM bytes handed to Netty as they are; never compared or hashed
public record TlsIdentity(byte[] certificateChainPem, byte[] privateKeyPem) {
  private static final class ProcessDefault {
    static final TlsIdentity INSTANCE = ephemeral("lpos");
  }

  /** A new self-signed P-256 certificate for {@code name}. */
  public static TlsIdentity ephemeral(String name) {
    SelfSignedCertificate c = SelfSignedCertificate.generate(name);
    return new TlsIdentity(c.certificatePem(), c.privateKeyPem());
  }

  /** One self-signed identity per process, made on first use (clients and tools share it). */
  public static TlsIdentity processDefault() {
    return ProcessDefault.INSTANCE;
  }

  /** Reads a PEM certificate chain and private key, failing early if the chain does not parse. */
  public static TlsIdentity fromFiles(Path certificateChain, Path privateKey) throws IOException {
    TlsIdentity identity = new TlsIdentity(Files.readAllBytes(certificateChain), Files.readAllBytes(privateKey));
    identity.leaf();
    return identity;
  }

  /** The leaf certificate. */
  public X509Certificate leaf() throws IOException {
    return parse(certificateChainPem);
  }

  /** Reads the first certificate of a PEM file (a CA certificate). */
  public static X509Certificate readCertificate(Path pem) throws IOException {
    return parse(Files.readAllBytes(pem));
  }

  private static X509Certificate parse(byte[] pem) throws IOException {
    try {
      return (X509Certificate) CertificateFactory.getInstance("X.509")
          .generateCertificate(new ByteArrayInputStream(pem));
    } catch (CertificateException e) {
      throw new IOException("not a PEM certificate: " + e.getMessage(), e);
    }
  }
}
