package io.github.mailback.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPoint;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * A private Exim 4 daemon (Debian's exim4-daemon-light) in the foreground, with its own configuration,
 * spool, logs and Maildir in a temporary folder, on three loopback ports (see {@link RealMta}).
 *
 * <p>Exim and Postfix conflict as Debian packages, so CI unpacks Exim's packages into a folder of its
 * own ({@code .ci/run}); the binary is the first of {@code $MAILBACK_EXIM}, {@code /usr/sbin/exim4} and
 * {@code /var/cache/mailback/exim/usr/sbin/exim4}. An Exim given {@code -C} keeps root only for a
 * configuration in its trusted list, so it runs as its compiled-in user {@code Debian-exim}: that user
 * owns the spool, the logs, the key and the Maildir, and delivers as itself. It must also be able to
 * reach the binary, which the daemon runs again for each message (so not under root's home).
 */
public final class EximServer implements RealMta {
    private static final String EXIM_USER = "Debian-exim";

    private final Path dir;
    private final ExternalServer exim;

    private EximServer(Path dir, ExternalServer exim) {
        this.dir = dir;
        this.exim = exim;
    }

    /** The Exim binary this machine has, installed or unpacked (maybe not executable: see {@link #missing()}). */
    public static String binary() {
        String env = System.getenv("MAILBACK_EXIM");
        if (env != null && !env.isEmpty()) {
            return env;
        }
        if (Files.isExecutable(Path.of("/usr/sbin/exim4"))) {
            return "/usr/sbin/exim4";
        }
        return "/var/cache/mailback/exim/usr/sbin/exim4";
    }

    /** Why Exim cannot run here, or null when it can. */
    public static String missing() {
        String missing = RealMta.missing(binary());
        if (missing != null) {
            return missing + " (Debian package exim4-daemon-light, unpacked by .ci/run)";
        }
        return ExternalServer.succeeds(binary(), "-C", "/dev/null", "-bV") ? null
                : binary() + " -bV fails: its libraries or its user " + EXIM_USER + " are missing (.ci/run adds them)";
    }

    /** Starts Exim; returns when every port accepts connections. */
    public static EximServer start() throws IOException {
        for (Path p = Path.of(binary()).toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (!Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                throw new IOException("Exim runs as " + EXIM_USER + ", who cannot enter " + p + " to run " + binary()
                        + " again for each message: unpack it elsewhere");
            }
        }
        Path dir = Files.createTempDirectory("mailback-exim");
        try {
            RealMta.own(dir, "root", "root", "rwxr-xr-x");
            for (String sub : List.of("spool", "log", "mail")) {
                RealMta.own(Files.createDirectory(dir.resolve(sub)), EXIM_USER, EXIM_USER, "rwx------");
            }
            TestCertificates certs = TestCertificates.get();
            Path cert = Files.copy(certs.certificatePem(), dir.resolve("cert.pem"), StandardCopyOption.REPLACE_EXISTING);
            Path key = Files.writeString(dir.resolve("key.pem"), sec1Pem(certs), StandardCharsets.US_ASCII);
            RealMta.own(cert, EXIM_USER, EXIM_USER, "r--r--r--");
            RealMta.own(key, EXIM_USER, EXIM_USER, "r--------");
            Path conf = dir.resolve("exim.conf");
            ExternalServer exim = ExternalServer.start(3, ports -> {
                try {
                    // Exim reads only a configuration owned by root and writable by nobody else.
                    Files.writeString(conf, config(dir, ports), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return List.of(binary(), "-C", conf.toString(), "-bdf");
            }, Duration.ofSeconds(20));
            return new EximServer(dir, exim);
        } catch (IOException | RuntimeException e) {
            RealMta.deleteTree(dir);
            throw e;
        }
    }

    /**
     * The test key as SEC1 (RFC 5915) with its public key: GnuTLS, Exim's TLS library, cannot read the
     * JDK's PKCS#8, which leaves the public key out. The layout is fixed for a P-256 key.
     */
    private static String sec1Pem(TestCertificates certs) throws IOException {
        try (InputStream in = Files.newInputStream(certs.keyStoreFile())) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, TestCertificates.PASSWORD.toCharArray());
            String alias = ks.aliases().nextElement();
            ECPrivateKey key = (ECPrivateKey) ks.getKey(alias, TestCertificates.PASSWORD.toCharArray());
            ECPoint w = ((ECPublicKey) ks.getCertificate(alias).getPublicKey()).getW();
            ByteArrayOutputStream der = new ByteArrayOutputStream();
            HexFormat hex = HexFormat.of();
            der.write(hex.parseHex("30770201010420")); // SEQUENCE { version 1, OCTET STRING (32) d
            der.write(octets(key.getS()));
            der.write(hex.parseHex("a00a06082a8648ce3d030107")); // [0] prime256v1
            der.write(hex.parseHex("a14403420004")); // [1] BIT STRING, uncompressed point x || y }
            der.write(octets(w.getAffineX()));
            der.write(octets(w.getAffineY()));
            return "-----BEGIN EC PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der.toByteArray())
                    + "\n-----END EC PRIVATE KEY-----\n";
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** {@code n} as 32 octets, big-endian. */
    private static byte[] octets(BigInteger n) {
        byte[] b = n.toByteArray();
        byte[] out = new byte[32];
        int len = Math.min(b.length, 32);
        System.arraycopy(b, b.length - len, out, 32 - len, len);
        return out;
    }

    /**
     * STARTTLS (ports[0]: MAIL needs TLS, RCPT needs AUTH), SMTPS (ports[1]: RCPT needs AUTH) and clear
     * text (ports[2]: no STARTTLS, no AUTH). AUTH is offered over TLS only. The greylisted recipient gets
     * Exim's {@code defer}, which replies 451.
     */
    private static String config(Path dir, int[] ports) {
        return """
                primary_hostname = exim.test
                exim_path = %1$s
                keep_environment =
                spool_directory = %2$s/spool
                log_file_path = %2$s/log/%%slog
                pid_file_path = %2$s/exim.pid
                local_interfaces = 127.0.0.1
                daemon_smtp_ports = %3$d : %4$d : %5$d
                tls_on_connect_ports = %4$d
                tls_certificate = %2$s/cert.pem
                tls_privatekey = %2$s/key.pem
                tls_advertise_hosts = ${if eq{$received_port}{%5$d}{}{*}}
                message_size_limit = %6$d
                acl_smtp_mail = check_mail
                acl_smtp_rcpt = check_rcpt

                begin acl
                check_mail:
                  deny    condition = ${if eq{$received_port}{%3$d}}
                          !encrypted = *
                          message = STARTTLS required
                  accept
                check_rcpt:
                  defer   recipients = %7$s
                          message = Greylisted, try again later
                  deny    condition = ${if eq{$received_port}{%5$d}{no}{yes}}
                          !authenticated = *
                          message = authentication required
                  accept  domains = example.test
                  deny    message = relay not permitted

                begin routers
                maildir:
                  driver = accept
                  domains = example.test
                  local_parts = ops
                  transport = maildir_delivery

                begin transports
                maildir_delivery:
                  driver = appendfile
                  directory = %2$s/mail/ops
                  maildir_format
                  create_directory
                  user = %8$s
                  group = %8$s

                begin authenticators
                plain:
                  driver = plaintext
                  public_name = PLAIN
                  server_prompts = :
                  server_condition = ${if and {{eq{$auth2}{%9$s}}{eq{$auth3}{%10$s}}}}
                  server_set_id = $auth2
                  server_advertise_condition = ${if def:tls_in_cipher}
                login:
                  driver = plaintext
                  public_name = LOGIN
                  server_prompts = Username:: : Password::
                  server_condition = ${if and {{eq{$auth1}{%9$s}}{eq{$auth2}{%10$s}}}}
                  server_set_id = $auth1
                  server_advertise_condition = ${if def:tls_in_cipher}
                """.formatted(binary(), dir, ports[0], ports[1], ports[2], SIZE_LIMIT, GREYLISTED, EXIM_USER, USER,
                PASSWORD);
    }

    @Override
    public int startTlsPort() {
        return exim.port(0);
    }

    @Override
    public int smtpsPort() {
        return exim.port(1);
    }

    @Override
    public int plainPort() {
        return exim.port(2);
    }

    @Override
    public Maildir maildir() {
        return new Maildir(dir.resolve("mail/ops"));
    }

    @Override
    public String log() {
        return RealMta.read(dir.resolve("log/mainlog")) + RealMta.read(dir.resolve("log/paniclog"))
                + "\n(exim) " + exim.output();
    }

    /** Stops Exim (SIGTERM) and deletes the folder. */
    @Override
    public void close() {
        exim.close();
        RealMta.deleteTree(dir);
    }
}
