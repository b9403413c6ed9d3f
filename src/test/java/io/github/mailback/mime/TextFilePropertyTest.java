package io.github.mailback.mime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Whatever the octets (line ends, dots, blanks, NUL, the boundary prefix, every UTF-8 lead and
 * continuation octet, so bad sequences too) and wherever the reader's chunks cut them, a text file
 * is profiled, measured and written as {@code new String(bytes, UTF_8)} given as a string is.
 */
class TextFilePropertyTest {
    private static final byte[] ALPHABET = bytes("\r\n. \t\0=_mailbackx", 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F,
            0x98, 0x80, 0xED, 0xA0, 0xB0, 0xC0, 0xF4, 0x90, 0xFF, 0xBF);

    @Provide
    Arbitrary<byte[]> octets() {
        Arbitrary<byte[]> pieces = Arbitraries.oneOf(
                Arbitraries.integers().between(0, ALPHABET.length - 1).map(i -> new byte[] {ALPHABET[i]}),
                Arbitraries.of("=_mailback_", "\r\n", "é", "🚨", ".\r\n").map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.integers().between(990, 1010).map(n -> "y".repeat(n).getBytes(StandardCharsets.US_ASCII)));
        return pieces.list().ofMaxSize(60).map(list -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            list.forEach(out::writeBytes);
            return out.toByteArray();
        });
    }

    @Property(tries = 200)
    void aFileReadInChunksIsWrittenAsTheString(@ForAll("octets") byte[] octets, @ForAll @IntRange(min = 1, max = 9) int chunk,
            @ForAll boolean whole) throws Exception {
        // jqwik's tries are not JUnit tests: the default timeout does not reach them.
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> check(octets, chunk, whole));
    }

    private static void check(byte[] octets, int chunk, boolean whole) throws Exception {
        Path file = Files.createTempFile("mailback-text", ".txt");
        try {
            Files.write(file, octets);
            String text = new String(octets, StandardCharsets.UTF_8);
            TextFile scanned = TextFile.scan(file, whole, chunk);
            TextLines.Profile expected = TextLines.profile(text);
            assertEquals(List.of(expected.longestLine, expected.eightBit, expected.nul, expected.boundaryPrefix),
                    List.of(scanned.profile.longestLine, scanned.profile.eightBit, scanned.profile.nul,
                            scanned.profile.boundaryPrefix));
            assertEquals(text.contains(Boundaries.PREFIX), scanned.profile.boundaryPrefix);
            for (TransferEncoding encoding : List.of(TransferEncoding.EIGHT_BIT, TransferEncoding.QUOTED_PRINTABLE)) {
                ByteArrayOutputStream fromString = new ByteArrayOutputStream();
                OctetOutput out = new OctetOutput(fromString);
                TextLines.write(text, sink(encoding, out), whole);
                out.flush();
                ByteArrayOutputStream fromFile = new ByteArrayOutputStream();
                out = new OctetOutput(fromFile);
                scanned.write(sink(encoding, out), whole, chunk);
                out.flush();
                assertArrayEquals(fromString.toByteArray(), fromFile.toByteArray(), encoding.token);
                assertEquals(fromString.size(), scanned.size(encoding, whole), encoding.token);
            }
        } finally {
            Files.delete(file);
        }
    }

    private static LineSink sink(TransferEncoding encoding, OctetOutput out) {
        return encoding == TransferEncoding.QUOTED_PRINTABLE ? new QuotedPrintableSink(out) : new RawLineSink(out);
    }

    private static byte[] bytes(String ascii, int... more) {
        byte[] b = new byte[ascii.length() + more.length];
        for (int i = 0; i < ascii.length(); i++) {
            b[i] = (byte) ascii.charAt(i);
        }
        for (int i = 0; i < more.length; i++) {
            b[ascii.length() + i] = (byte) more[i];
        }
        return b;
    }
}
