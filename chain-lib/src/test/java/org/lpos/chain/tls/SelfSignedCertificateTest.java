package org.lpos.chain.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SelfSignedCertificateTest {
  @Test
  void generatesAVerifiableP256CertificateReadableFromItsPem() throws Exception {
    SelfSignedCertificate c = SelfSignedCertificate.generate("node-0");
    c.certificate().verify(c.keyPair().getPublic());
    c.certificate().checkValidity();
    assertEquals("EC", c.keyPair().getPublic().getAlgorithm());
    assertEquals("SHA256withECDSA", c.certificate().getSigAlgName());
    X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(c.certificatePem()));
    assertEquals(c.certificate(), parsed);
    assertTrue(new String(c.privateKeyPem(), StandardCharsets.US_ASCII).startsWith("-----BEGIN PRIVATE KEY-----\n"));
    assertArrayEquals(SelfSignedCertificate.sha256(parsed.getEncoded()), c.sha256());
  }

  @Test
  void everyCallMakesANewKey() {
    assertFalse(Arrays.equals(SelfSignedCertificate.generate("a").sha256(), SelfSignedCertificate.generate("a").sha256()));
  }
}
