package io.github.mailback.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A real mail server (Postfix, Exim) run privately by a test on loopback, with the certificate of
 * {@link TestCertificates}, one account and one Maildir. Every server offers the same three ports, the
 * same account and the same faults, so that one set of tests runs against each.
 */
public interface RealMta extends AutoCloseable {
    /** The account (SASL user name) the servers accept, and its password. */
    String USER = "app@example.test";
    String PASSWORD = "s3cret-Pa55";
    /** The mailbox delivered into {@link #maildir()}. */
    String MAILBOX = "ops@example.test";
    /** A recipient that every RCPT refuses with 4xx, as a greylisting server does on a first attempt. */
    String GREYLISTED = "grey@example.test";
    /** The largest message the servers take, in octets, as their EHLO reply says (SIZE, RFC 1870). */
    long SIZE_LIMIT = 100_000;

    /** STARTTLS required, then AUTH required. */
    int startTlsPort();

    /** Implicit TLS (RFC 8314), then AUTH required. */
    int smtpsPort();

    /** Clear text only: STARTTLS and AUTH not offered; mail for {@link #MAILBOX} accepted from anyone. */
    int plainPort();

    /** The Maildir of {@link #MAILBOX}. */
    Maildir maildir();

    /** The server's own log so far, for failure messages. */
    String log();

    @Override
    void close();

    /** Why this machine cannot run the servers (not root, or {@code programs} missing), or null when it can. */
    static String missing(String... programs) {
        for (String program : programs) {
            if (!Files.isExecutable(Path.of(program))) {
                return program + " is not installed";
            }
        }
        return "root".equals(System.getProperty("user.name")) ? null : "the servers must be started as root";
    }

    /** Sets the owner, group and mode of {@code path}; user and group are names. */
    static void own(Path path, String user, String group, String mode) throws IOException {
        UserPrincipalLookupService names = path.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        view.setOwner(names.lookupPrincipalByName(user));
        GroupPrincipal g = names.lookupPrincipalByGroupName(group);
        view.setGroup(g);
        view.setPermissions(PosixFilePermissions.fromString(mode));
    }

    /** Deletes a directory tree, quietly (used once the servers are stopped). */
    static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // Left behind in the temporary directory; nothing to do about it in a test.
        }
    }

    /** The file's text, or a note that it could not be read. */
    static String read(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file, java.nio.charset.StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(" + file + ": " + e + ")";
        }
    }
}
