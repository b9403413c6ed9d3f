package io.github.mailback.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mailback.testing.CountingSmtpSink;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line in a JVM of its own with a 64 MB heap, mailing 300 MB made by the test, from a file
 * and from a pipe, to a sink that counts what arrives: the input is streamed, never held in memory
 * (it once was, and took 1.08 GB of resident memory for 200 MB). Standard input is copied to a
 * temporary file first, which is gone afterwards; one larger than the server's SIZE is refused before
 * MAIL FROM.
 */
@Timeout(60)
class HugeInputTest {
    private static final long OCTETS = 300L * 1024 * 1024;
    private static final Duration CHILD_WITHIN = Duration.ofSeconds(50);

    @TempDir
    Path dir;

    @Test
    void aFileOfThreeHundredMegabytesGoesThroughASixtyFourMegabyteHeap() throws Exception {
        Path file = dir.resolve("huge.log");
        GeneratedText text;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            text = GeneratedText.write(out, OCTETS);
        }
        try (CountingSmtpSink sink = new CountingSmtpSink(0)) {
            Child child = Child.start(dir, sink.port(), file.toString());
            child.stdin().close();
            assertEquals(0, child.exitStatus(), child.output());

            CountingSmtpSink.Received received = sink.awaitMessages(1, Duration.ofSeconds(5)).get(0);
            assertEquals(received.declaredSize(), received.octets(), "SIZE= announced what was sent");
            // 8BITMIME is offered and no line is long: the body is the text with CRLF line ends.
            assertEquals(text.octets + text.lines, received.bodyOctets());
            assertEquals(text.crlfCrc, received.bodyCrc());
        }
    }

    @Test
    void threeHundredMegabytesOnStandardInputGoThroughATemporaryFileThatIsDeletedAfter() throws Exception {
        try (CountingSmtpSink sink = new CountingSmtpSink(0)) {
            Child child = Child.start(dir, sink.port());
            GeneratedText text = child.feed(OCTETS);
            assertEquals(0, child.exitStatus(), child.output());

            CountingSmtpSink.Received received = sink.awaitMessages(1, Duration.ofSeconds(5)).get(0);
            assertEquals(received.declaredSize(), received.octets(), "SIZE= announced what was sent");
            assertEquals(text.octets + text.lines, received.bodyOctets());
            assertEquals(text.crlfCrc, received.bodyCrc());
            assertEquals(List.of(), child.leftInTempDir());
        }
    }

    @Test
    void standardInputLargerThanTheServersSizeIsRefusedBeforeMailFrom() throws Exception {
        long limit = 50_000_000;
        try (CountingSmtpSink sink = new CountingSmtpSink(limit)) {
            Child child = Child.start(dir, sink.port());
            child.feed(64L * 1024 * 1024);
            assertEquals(Main.PERMANENT_FAILURE, child.exitStatus(), child.output());
            assertTrue(child.output().contains("exceeds the server's limit of " + limit + " (RFC 1870)"), child.output());
            assertTrue(sink.commands().stream().noneMatch(c -> c.startsWith("MAIL")), sink.commands().toString());
            assertEquals(List.of(), sink.messages());
            assertEquals(List.of(), child.leftInTempDir());
        }
    }

    /** The command line in a child JVM: {@code -Xmx64m}, its temporary directory its own, its output in a file. */
    private record Child(Process process, Path tempDir, Path outputFile) {
        static Child start(Path dir, int port, String... file) throws Exception {
            Path tempDir = Files.createDirectories(dir.resolve("tmp"));
            Path output = dir.resolve("child-output.txt");
            Path classes = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx64m", "-cp", classes.toString(), Main.class.getName(), "--host", "127.0.0.1",
                    "--port", String.valueOf(port), "--from", "app@example.com", "--to", "ops@example.com",
                    "--subject", "huge", "--timeout", "20"));
            command.addAll(List.of(file));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().put("TMPDIR", tempDir.toString());
            return new Child(builder.start(), tempDir, output);
        }

        OutputStream stdin() {
            return process.getOutputStream();
        }

        /** Writes a generated text of {@code octets} to its standard input and closes it. */
        GeneratedText feed(long octets) throws Exception {
            try (OutputStream out = new BufferedOutputStream(stdin(), 1 << 16)) {
                return GeneratedText.write(out, octets);
            } catch (IOException e) {
                throw new AssertionError("the command line stopped reading its standard input (" + e.getMessage()
                        + "); exit status " + exitStatus() + ": " + output(), e);
            }
        }

        int exitStatus() throws Exception {
            if (!process.waitFor(CHILD_WITHIN.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError("the command line did not end within " + CHILD_WITHIN + ": " + output());
            }
            return process.exitValue();
        }

        String output() throws IOException {
            return Files.readString(outputFile, StandardCharsets.UTF_8);
        }

        List<Path> leftInTempDir() throws IOException {
            try (var files = Files.list(tempDir)) {
                return files.toList();
            }
        }
    }

    /**
     * Log-like lines of about 100 octets with LF line ends: one in ten with non-ASCII, one in a thousand
     * starting with a dot (for dot-stuffing). Keeps the CRC-32C of the text with CRLF line ends.
     */
    private static final class GeneratedText {
        final long octets;
        final long lines;
        final long crlfCrc;

        private GeneratedText(long octets, long lines, long crlfCrc) {
            this.octets = octets;
            this.lines = lines;
            this.crlfCrc = crlfCrc;
        }

        static GeneratedText write(OutputStream out, long atLeast) throws IOException {
            byte[] ascii = "2026-12-07 07:45:01.123 ERROR [worker-0000000] com.example.Service - request failed, retrying\n"
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] accents = "2026-12-07 07:45:01.123 WARN  [worker-0000000] Grüße aus Köln — ünïcödé ✓ 🚨\n"
                    .getBytes(StandardCharsets.UTF_8);
            byte[] dotted = ".0000000 a line that starts with a dot\n".getBytes(StandardCharsets.US_ASCII);
            byte[] crlf = {'\r', '\n'};
            CRC32C crc = new CRC32C();
            long octets = 0;
            long lines = 0;
            while (octets < atLeast) {
                byte[] line = lines % 1000 == 999 ? dotted : lines % 10 == 9 ? accents : ascii;
                int digits = line == dotted ? 1 : 38;
                long n = lines;
                for (int i = digits + 6; i >= digits; i--, n /= 10) {
                    line[i] = (byte) ('0' + n % 10);
                }
                out.write(line);
                crc.update(line, 0, line.length - 1);
                crc.update(crlf);
                octets += line.length;
                lines++;
            }
            return new GeneratedText(octets, lines, crc.getValue());
        }
    }
}
