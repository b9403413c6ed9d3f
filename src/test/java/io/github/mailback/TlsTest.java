package io.github.mailback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import io.github.mailback.testing.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificates are verified against the JDK's trust store or the one in Logback's {@code <ssl>}
 * block, and host names are verified too.
 */
class TlsTest {
    private static final TestCertificates CERTS = TestCertificates.get();

    static {
        // GreenMail's TLS server socket factory reads its key store from these properties when first
        // used (once per JVM): the same test certificate as the client's own GreenMail tests.
        System.setProperty("greenmail.tls.keystore.file", CERTS.keyStoreFile().toString());
        System.setProperty("greenmail.tls.keystore.password", TestCertificates.PASSWORD);
        System.setProperty("greenmail.tls.key.password", TestCertificates.PASSWORD);
    }

    @TempDir
    Path dir;

    /** A PKCS#12 trust store holding the first certificate of {@code keyStore}. */
    private Path trustStoreFor(Path keyStore) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, TestCertificates.PASSWORD.toCharArray());
        }
        Certificate cert = keys.getCertificate(keys.aliases().nextElement());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", cert);
        Path file = dir.resolve("trust-" + System.nanoTime() + ".p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            trust.store(out, TestCertificates.PASSWORD.toCharArray());
        }
        return file;
    }

    private static String failureStatus(LoggerContext context, SmtpAppender appender) {
        Await.until("a failure reported", Duration.ofSeconds(20),
                () -> LogbackConfig.errorsAndWarnings(context).contains("error event"),
                () -> LogbackConfig.statuses(context));
        return LogbackConfig.errorsAndWarnings(context);
    }

    @Test
    void aCertificateTheJdkDoesNotTrustIsRefused() {
        try (MailServer server = MailServer.startSmtps()) {
            LoggerContext context = LogbackConfig.load("/logback/smtps.xml",
                    Map.of("smtpPort", String.valueOf(server.port())));
            SmtpAppender appender = LogbackConfig.appender(context, "EMAIL");
            context.getLogger("com.example.App").error("disk failure");
            String statuses = failureStatus(context, appender);
            context.stop();
            assertEquals(0, server.messages().size());
            assertTrue(statuses.contains("PKIX") || statuses.contains("certification path"), statuses);
        }
    }

    @Test
    void theTrustStoreOfTheSslBlockLetsTheEmailThroughOverImplicitTls() throws Exception {
        Path trustStore = trustStoreFor(CERTS.keyStoreFile());
        try (MailServer server = MailServer.startSmtps()) {
            LoggerContext context = LogbackConfig.load("/logback/smtps-truststore.xml",
                    Map.of("smtpPort", String.valueOf(server.port()), "trustStore", trustStore.toUri().toString()));
            SmtpAppender appender = LogbackConfig.appender(context, "EMAIL");
            assertTrue(appender.isStarted(), () -> LogbackConfig.statuses(context));
            context.getLogger("com.example.App").error("disk failure");
            context.stop();
            assertEquals(1, server.messages().size(), () -> LogbackConfig.statuses(context));
            assertEquals(1, MailServer.events(server.messages().get(0)));
        }
    }

    /** Logback's {@code <ssl><parameters>}: the TLS versions it includes are the ones offered. */
    @Test
    void theParametersOfTheSslBlockChooseTheTlsVersionsOffered() throws Exception {
        try (SSLServerSocket tlsServer = (SSLServerSocket) CERTS.serverContext().getServerSocketFactory()
                .createServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            java.util.concurrent.CompletableFuture<String> seen = new java.util.concurrent.CompletableFuture<>();
            Thread acceptor = new Thread(() -> {
                while (!tlsServer.isClosed()) {
                    try (SSLSocket s = (SSLSocket) tlsServer.accept()) {
                        s.startHandshake();
                        seen.complete(s.getSession().getProtocol());
                    } catch (IOException e) {
                        // the check at start and the alert both connect; either may be refused here
                    }
                }
            }, "tls-recorder");
            acceptor.setDaemon(true);
            acceptor.start();
            LoggerContext context = LogbackConfig.load("/logback/smtps-tls12.xml", Map.of("smtpPort",
                    String.valueOf(tlsServer.getLocalPort()), "trustStore", trustStoreFor(CERTS.keyStoreFile()).toUri().toString()));
            try {
                assertTrue(LogbackConfig.appender(context, "EMAIL").isStarted(), () -> LogbackConfig.statuses(context));
                context.getLogger("com.example.App").error("disk failure");
                assertEquals("TLSv1.2", seen.get(20, TimeUnit.SECONDS));
            } finally {
                context.stop();
            }
        }
    }

    @Test
    void aTrustedCertificateForAnotherHostIsRefused() throws Exception {
        Path keyStore = dir.resolve("other.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "other", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=mail.example.net", "-ext", "SAN=dns:mail.example.net",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", TestCertificates.PASSWORD, "-keypass", TestCertificates.PASSWORD))
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool failed");
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, TestCertificates.PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, TestCertificates.PASSWORD.toCharArray());
        SSLContext serverContext = SSLContext.getInstance("TLS");
        serverContext.init(kmf.getKeyManagers(), null, null);

        try (SSLServerSocket tlsServer = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!tlsServer.isClosed()) {
                    try (SSLSocket s = (SSLSocket) tlsServer.accept()) {
                        s.startHandshake();
                        s.getOutputStream().write("220 other.example ESMTP\r\n".getBytes());
                        s.getInputStream().read();
                    } catch (IOException e) {
                        // the client hangs up when it refuses the certificate: expected
                    }
                }
            }, "tls-other-name");
            acceptor.setDaemon(true);
            acceptor.start();

            LoggerContext context = LogbackConfig.load("/logback/smtps-truststore.xml", Map.of("smtpPort",
                    String.valueOf(tlsServer.getLocalPort()), "trustStore", trustStoreFor(keyStore).toUri().toString()));
            SmtpAppender appender = LogbackConfig.appender(context, "EMAIL");
            assertTrue(appender.isStarted(), () -> LogbackConfig.statuses(context));
            context.getLogger("com.example.App").error("disk failure");
            String statuses = failureStatus(context, appender);
            context.stop();
            // The chain is trusted now, so what fails is the name: the certificate is for another host.
            assertFalse(statuses.contains("PKIX path building failed"), statuses);
            assertTrue(statuses.contains("subject alternative") || statuses.contains("No name matching")
                    || statuses.contains("127.0.0.1 found"), statuses);
            assertEquals(0, appender.getEmailsSent());
        }
    }
}
