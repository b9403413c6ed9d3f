package io.github.mailback.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for "localhost" and 127.0.0.1, made once per test JVM by the JDK's
 * {@code keytool} into a temporary folder (so no private key is committed), and the TLS contexts
 * that go with it: one for servers, one for clients that trust exactly this certificate.
 * The same key is also written as PEM files for servers that are not written in Java (aiosmtpd).
 */
public final class TestCertificates {
    /** Password of the key store and of its key. */
    public static final String PASSWORD = "changeit";
    private static final String ALIAS = "localhost";

    private final Path keyStoreFile;
    private final Path certificatePem;
    private final Path privateKeyPem;
    private final KeyStore keyStore;

    private TestCertificates(Path keyStoreFile, Path certificatePem, Path privateKeyPem, KeyStore keyStore) {
        this.keyStoreFile = keyStoreFile;
        this.certificatePem = certificatePem;
        this.privateKeyPem = privateKeyPem;
        this.keyStore = keyStore;
    }

    private static final class Holder {
        static final TestCertificates INSTANCE = create();
    }

    /** The certificate of this test run, made on first use. */
    public static TestCertificates get() {
        return Holder.INSTANCE;
    }

    /** The PKCS#12 key store holding the key and its certificate (password {@link #PASSWORD}). */
    public Path keyStoreFile() {
        return keyStoreFile;
    }

    /** The certificate as PEM. */
    public Path certificatePem() {
        return certificatePem;
    }

    /** The private key as unencrypted PKCS#8 PEM. */
    public Path privateKeyPem() {
        return privateKeyPem;
    }

    /** A TLS context that presents this certificate (for test servers). */
    public SSLContext serverContext() {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore, PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A TLS context that trusts this certificate and nothing else (for the client under test). */
    public SSLContext clientContext() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry(ALIAS, keyStore.getCertificate(ALIAS));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TestCertificates create() {
        try {
            Path dir = Files.createTempDirectory("mailback-tls");
            dir.toFile().deleteOnExit();
            Path p12 = dir.resolve("localhost.p12");
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            Process process = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", ALIAS,
                    "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "30",
                    "-storetype", "PKCS12", "-keystore", p12.toString(),
                    "-storepass", PASSWORD, "-keypass", PASSWORD))
                    .redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool failed: " + new String(output, StandardCharsets.UTF_8));
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(p12)) {
                ks.load(in, PASSWORD.toCharArray());
            }
            Certificate cert = ks.getCertificate(ALIAS);
            PrivateKey key = (PrivateKey) ks.getKey(ALIAS, PASSWORD.toCharArray());
            Path certPem = dir.resolve("localhost.crt");
            Path keyPem = dir.resolve("localhost.key");
            Files.writeString(certPem, pem("CERTIFICATE", cert.getEncoded()), StandardCharsets.US_ASCII);
            Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
            for (Path p : List.of(p12, certPem, keyPem)) {
                p.toFile().deleteOnExit();
            }
            return new TestCertificates(p12, certPem, keyPem, ks);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
