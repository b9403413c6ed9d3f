package io.github.mailback.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A private Postfix instance (Debian packages postfix and dovecot-core): {@code master} in the
 * foreground with its own configuration, queue, data and mail directories in a temporary folder, and
 * its {@code smtpd} on three loopback ports (see {@link RealMta}); SASL by a private Dovecot auth
 * process, virtual delivery into a Maildir. Runs as root, as Postfix's master must.
 *
 * <p>The greylisted recipient gets {@code 450} from a {@code check_recipient_access} map, not from
 * postgrey: the wire looks the same as postgrey's first refusal, with no daemon, database or delay.
 */
public final class PostfixServer implements RealMta {
    private static final String MASTER = "/usr/lib/postfix/sbin/master";
    private static final String DOVECOT = "/usr/sbin/dovecot";

    private final Path dir;
    private final ExternalServer dovecot;
    private final ExternalServer master;

    private PostfixServer(Path dir, ExternalServer dovecot, ExternalServer master) {
        this.dir = dir;
        this.dovecot = dovecot;
        this.master = master;
    }

    /** Why Postfix cannot run here, or null when it can. */
    public static String missing() {
        return RealMta.missing(MASTER, DOVECOT);
    }

    /** Starts Dovecot's auth service, then Postfix; returns when every port accepts connections. */
    public static PostfixServer start() throws IOException {
        Path dir = Files.createTempDirectory("mailback-postfix");
        ExternalServer dovecot = null;
        try {
            // Postfix's daemons run as the postfix user and need to reach the queue under this folder.
            RealMta.own(dir, "root", "root", "rwxr-xr-x");
            Path queue = Files.createDirectory(dir.resolve("queue"));
            // The queue as postfix-files (postfix set-permissions) lays it out; master checks nothing else.
            for (String sub : List.of("active", "bounce", "corrupt", "defer", "deferred", "flush", "hold",
                    "incoming", "private", "saved", "trace")) {
                RealMta.own(Files.createDirectory(queue.resolve(sub)), "postfix", "root", "rwx------");
            }
            RealMta.own(Files.createDirectory(queue.resolve("maildrop")), "postfix", "postdrop", "rwx-wx---");
            RealMta.own(Files.createDirectory(queue.resolve("public")), "postfix", "postdrop", "rwx--x---");
            Files.createDirectory(queue.resolve("pid"));
            RealMta.own(Files.createDirectory(dir.resolve("data")), "postfix", "postfix", "rwx------");
            RealMta.own(Files.createDirectory(dir.resolve("mail")), "nobody", "nogroup", "rwx------");
            Path auth = Files.createDirectory(dir.resolve("auth"));
            Files.writeString(auth.resolve("users"), USER + ":{PLAIN}" + PASSWORD + "\n", StandardCharsets.UTF_8);
            Files.createDirectory(dir.resolve("conf"));

            dovecot = ExternalServer.start(1, ports -> {
                write(auth.resolve("dovecot.conf"), dovecotConf(auth, ports[0]));
                return List.of(DOVECOT, "-F", "-c", auth.resolve("dovecot.conf").toString());
            }, Duration.ofSeconds(20));
            int authPort = dovecot.port();
            ExternalServer master = ExternalServer.start(3, ports -> {
                write(dir.resolve("conf/main.cf"), mainCf(dir, authPort));
                write(dir.resolve("conf/master.cf"), masterCf(ports));
                return List.of(MASTER, "-d", "-c", dir.resolve("conf").toString());
            }, Duration.ofSeconds(20));
            return new PostfixServer(dir, dovecot, master);
        } catch (IOException | RuntimeException e) {
            if (dovecot != null) {
                dovecot.close();
            }
            RealMta.deleteTree(dir);
            throw e;
        }
    }

    private static String dovecotConf(Path auth, int port) {
        return """
                base_dir = %1$s/run
                state_dir = %1$s/state
                protocols =
                log_path = /dev/stderr
                ssl = no
                auth_mechanisms = plain login
                auth_failure_delay = 0
                passdb {
                  driver = passwd-file
                  args = scheme=PLAIN username_format=%%u %1$s/users
                }
                userdb {
                  driver = static
                  args = uid=nobody gid=nogroup home=/nonexistent
                }
                service auth {
                  inet_listener {
                    address = 127.0.0.1
                    port = %2$d
                  }
                }
                """.formatted(auth, port);
    }

    private static String mainCf(Path dir, int authPort) {
        return """
                compatibility_level = 3.6
                queue_directory = %1$s/queue
                data_directory = %1$s/data
                mail_owner = postfix
                setgid_group = postdrop
                maillog_file = %1$s/maillog
                maillog_file_prefixes = %1$s
                myhostname = postfix.test
                mydestination =
                inet_interfaces = loopback-only
                inet_protocols = ipv4
                mynetworks = 127.0.0.0/8
                alias_maps =
                alias_database =
                local_recipient_maps =
                message_size_limit = %3$d
                virtual_mailbox_domains = example.test
                virtual_mailbox_base = %1$s/mail
                virtual_mailbox_maps = inline:{ ops@example.test=ops/ }
                virtual_uid_maps = static:65534
                virtual_gid_maps = static:65534
                smtpd_tls_chain_files = %4$s, %5$s
                smtpd_tls_security_level = encrypt
                smtpd_tls_auth_only = yes
                smtpd_sasl_auth_enable = yes
                smtpd_sasl_type = dovecot
                smtpd_sasl_path = inet:127.0.0.1:%2$d
                smtpd_recipient_restrictions = check_recipient_access inline:{ { %6$s = 450 4.7.1 Greylisted, try again later } }
                """.formatted(dir, authPort, SIZE_LIMIT, TestCertificates.get().privateKeyPem(),
                TestCertificates.get().certificatePem(), GREYLISTED);
    }

    /** STARTTLS (ports[0]), SMTPS (ports[1]) and clear text (ports[2]), then the services delivery needs. */
    private static String masterCf(int[] ports) {
        String authRequired = " -o smtpd_client_restrictions=permit_sasl_authenticated,reject";
        return "127.0.0.1:" + ports[0] + " inet n - n - - smtpd" + authRequired + "\n"
                + "127.0.0.1:" + ports[1] + " inet n - n - - smtpd -o smtpd_tls_wrappermode=yes" + authRequired + "\n"
                + "127.0.0.1:" + ports[2] + " inet n - n - - smtpd -o smtpd_tls_security_level=none"
                + " -o smtpd_sasl_auth_enable=no\n"
                + """
                cleanup unix n - n - 0 cleanup
                qmgr unix n - n 300 1 qmgr
                rewrite unix - - n - - trivial-rewrite
                bounce unix - - n - 0 bounce
                defer unix - - n - 0 bounce
                trace unix - - n - 0 bounce
                verify unix - - n - 1 verify
                proxymap unix - - n - - proxymap
                error unix - - n - - error
                retry unix - - n - - error
                discard unix - - n - - discard
                virtual unix - n n - - virtual
                anvil unix - - n - 1 anvil
                scache unix - - n - 1 scache
                tlsmgr unix - - n 1000? 1 tlsmgr
                postlog unix-dgram n - n - 1 postlogd
                """;
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int startTlsPort() {
        return master.port(0);
    }

    @Override
    public int smtpsPort() {
        return master.port(1);
    }

    @Override
    public int plainPort() {
        return master.port(2);
    }

    @Override
    public Maildir maildir() {
        return new Maildir(dir.resolve("mail/ops"));
    }

    @Override
    public String log() {
        return RealMta.read(dir.resolve("maillog")) + "\n(dovecot) " + dovecot.output() + "\n(master) " + master.output();
    }

    /** Stops Postfix (master stops its daemons on SIGTERM) and Dovecot, and deletes the folder. */
    @Override
    public void close() {
        master.close();
        dovecot.close();
        RealMta.deleteTree(dir);
    }
}
