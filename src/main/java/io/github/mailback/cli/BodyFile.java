package io.github.mailback.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The file the command line mails, which the message writer reads twice, once to choose the encoding
 * and the SIZE (RFC 1870) and once to send it: FILE itself when it is a regular file, else a copy in a
 * temporary file of standard input or of FILE (a pipe, {@code /dev/stdin}, {@code <(command)}), which
 * cannot be read twice. The copy is readable by its owner only and deleted at {@link #close()}, or at
 * the JVM's exit when interrupted; a {@code kill -9} leaves it behind.
 *
 * <p>Why copy rather than stream standard input straight to the server: the encoding (8bit needs lines
 * of at most 998 octets and no NUL, RFC 5322 section 2.1.1 and RFC 2045 section 2.8; quoted-printable
 * otherwise) and the SIZE must be known before MAIL FROM, when nothing of an unread pipe is; and the
 * connection is opened only once the input has ended, so that a slow writer cannot hold it idle
 * past the server's timeout (RFC 5321 section 4.5.3.2.7: five minutes or more) nor end it with half
 * a message when the writer fails.
 */
final class BodyFile implements AutoCloseable {
    private static final int COPY_BUFFER = 64 * 1024;

    private final Path path;
    private final boolean copy;

    private BodyFile(Path path, boolean copy) {
        this.path = path;
        this.copy = copy;
    }

    /** FILE as it is when it is a regular file (opened once here, so that a bad one fails before any connection). */
    static BodyFile of(Path file, Path tempDir) throws IOException {
        if (Files.isRegularFile(file)) {
            Files.newByteChannel(file).close();
            return new BodyFile(file, false);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return copyOf(in, tempDir);
        }
    }

    /** A copy of {@code in}, read to its end, in a new file of {@code tempDir}. */
    static BodyFile copyOf(InputStream in, Path tempDir) throws IOException {
        Path spool = tempDir.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? Files.createTempFile(tempDir, "mailback-", ".txt", ownerOnly())
                : Files.createTempFile(tempDir, "mailback-", ".txt");
        BodyFile body = new BodyFile(spool, true);
        try {
            spool.toFile().deleteOnExit();
            // Opened without CREATE_NEW or REPLACE_EXISTING, which would make a new file with other permissions.
            try (OutputStream out = Files.newOutputStream(spool)) {
                byte[] buffer = new byte[COPY_BUFFER];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, n);
                }
            }
            return body;
        } catch (IOException | RuntimeException e) {
            body.close();
            throw e;
        }
    }

    private static FileAttribute<?> ownerOnly() {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    }

    /** The file to read. */
    Path path() {
        return path;
    }

    /** Its size in octets. */
    long size() throws IOException {
        return Files.size(path);
    }

    /** Deletes the copy, if this is one; when that fails, the JVM's exit deletes it. */
    @Override
    public void close() {
        if (copy) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // deleteOnExit() was asked at its creation; the outcome of the send matters more.
            }
        }
    }
}
