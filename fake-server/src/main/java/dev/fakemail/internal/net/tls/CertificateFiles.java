package dev.fakemail.internal.net.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads the user's own certificate: a PKCS#12 file with its password, or a PEM certificate chain
 * (leaf first) plus a PEM private key (PKCS#8, or the traditional RSA/EC forms). Every failure is
 * an {@link IllegalArgumentException} whose message names the file and what is wrong with it.
 */
public final class CertificateFiles {
  private CertificateFiles() {}

  /** Reads the first key entry of a PKCS#12 file; the password opens the store and the key. */
  public static CertificateMaterial pkcs12(Path file, char[] password) {
    KeyStore store;
    try (InputStream in = Files.newInputStream(file)) {
      store = KeyStore.getInstance("PKCS12");
      store.load(in, password);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("TLS key store " + file + " does not exist");
    } catch (IOException e) {
      if (e.getCause() instanceof java.security.UnrecoverableKeyException) {
        throw new IllegalArgumentException(
            "TLS key store " + file + " could not be opened: wrong password?");
      }
      throw new IllegalArgumentException(
          "TLS key store " + file + " is not a readable PKCS#12 file: " + e.getMessage());
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "TLS key store " + file + " is not a readable PKCS#12 file: " + e.getMessage());
    }
    try {
      for (String alias : Collections.list(store.aliases())) {
        if (!store.isKeyEntry(alias)) {
          continue;
        }
        Key key = store.getKey(alias, password);
        Certificate[] chain = store.getCertificateChain(alias);
        if (!(key instanceof PrivateKey) || chain == null || chain.length == 0) {
          continue;
        }
        List<X509Certificate> certificates = new ArrayList<>();
        for (Certificate c : chain) {
          certificates.add((X509Certificate) c);
        }
        return new CertificateMaterial((PrivateKey) key, certificates);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "TLS key store " + file + ": the private key could not be read: " + e.getMessage());
    }
    throw new IllegalArgumentException(
        "TLS key store " + file + " holds no private key with a certificate chain");
  }

  /** Reads a PEM certificate chain (leaf first) and an unencrypted PEM private key. */
  public static CertificateMaterial pem(Path certificateFile, Path keyFile) {
    List<X509Certificate> chain = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    for (Object o : readPem(certificateFile, "certificate")) {
      if (o instanceof X509CertificateHolder) {
        try {
          chain.add(converter.getCertificate((X509CertificateHolder) o));
        } catch (CertificateException e) {
          throw new IllegalArgumentException(
              "TLS certificate " + certificateFile + " holds an unreadable certificate");
        }
      }
    }
    if (chain.isEmpty()) {
      throw new IllegalArgumentException(
          "TLS certificate " + certificateFile + " holds no PEM CERTIFICATE block");
    }
    PrivateKey key = null;
    JcaPEMKeyConverter keys = new JcaPEMKeyConverter();
    for (Object o : readPem(keyFile, "private key")) {
      try {
        if (o instanceof PrivateKeyInfo) {
          key = keys.getPrivateKey((PrivateKeyInfo) o);
        } else if (o instanceof PEMKeyPair) {
          key = keys.getPrivateKey(((PEMKeyPair) o).getPrivateKeyInfo());
        } else if (o instanceof PKCS8EncryptedPrivateKeyInfo || o instanceof PEMEncryptedKeyPair) {
          throw new IllegalArgumentException(
              "TLS private key " + keyFile + " is encrypted: supply an unencrypted PEM key");
        }
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "TLS private key " + keyFile + " could not be read: " + e.getMessage());
      }
      if (key != null) {
        break;
      }
    }
    if (key == null) {
      throw new IllegalArgumentException(
          "TLS private key " + keyFile + " holds no PEM private key");
    }
    if (!matches(key, chain.get(0))) {
      throw new IllegalArgumentException(
          "TLS private key "
              + keyFile
              + " does not belong to the first certificate in "
              + certificateFile);
    }
    return new CertificateMaterial(key, chain);
  }

  private static List<Object> readPem(Path file, String what) {
    List<Object> objects = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser parser = new PEMParser(reader)) {
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        objects.add(o);
      }
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("TLS " + what + " " + file + " does not exist");
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "TLS " + what + " " + file + " is not a readable PEM file: " + e.getMessage());
    }
    return objects;
  }

  /** Signs and verifies a probe: the simplest provider-independent key/certificate match test. */
  private static boolean matches(PrivateKey key, X509Certificate certificate) {
    String algorithm;
    switch (key.getAlgorithm()) {
      case "EC":
        algorithm = "SHA256withECDSA";
        break;
      case "RSA":
        algorithm = "SHA256withRSA";
        break;
      case "Ed25519":
      case "EdDSA":
        algorithm = "Ed25519";
        break;
      default:
        return true; // unknown algorithm: let the handshake decide
    }
    try {
      byte[] probe = "fakemail".getBytes(StandardCharsets.US_ASCII);
      java.security.Signature signer = java.security.Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      java.security.Signature verifier = java.security.Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
