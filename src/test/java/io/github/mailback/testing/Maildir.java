package io.github.mailback.testing;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** A Maildir a real server delivers into, read with Jakarta Mail. */
public final class Maildir {
    private static final Session SESSION = Session.getInstance(new Properties());

    private final Path dir;

    public Maildir(Path dir) {
        this.dir = dir;
    }

    /**
     * Waits up to 10 s for a delivered message whose decoded subject contains {@code marker}, and returns
     * it parsed; fails with {@code log} (the server's) when none comes.
     */
    public MimeMessage awaitSubject(String marker, Supplier<String> log) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<String> subjects = new ArrayList<>();
        do {
            subjects.clear();
            for (Path file : files()) {
                MimeMessage m = parse(file);
                String subject = subject(m);
                if (subject != null && subject.contains(marker)) {
                    return m;
                }
                subjects.add(subject);
            }
            // Polled: a Maildir gives no signal but the file's arrival in new/.
            LockSupport.parkNanos(10_000_000L);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no message with \"" + marker + "\" in " + dir + " (subjects " + subjects + "); log:\n"
                + log.get());
    }

    private List<Path> files() {
        List<Path> files = new ArrayList<>();
        for (String sub : List.of("new", "cur")) {
            Path d = dir.resolve(sub);
            if (Files.isDirectory(d)) {
                try (Stream<Path> list = Files.list(d)) {
                    list.forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return files;
    }

    private static MimeMessage parse(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return new MimeMessage(SESSION, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MessagingException e) {
            throw new AssertionError("cannot parse " + file, e);
        }
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }
}
