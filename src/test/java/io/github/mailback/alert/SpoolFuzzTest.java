package io.github.mailback.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.mailback.smtp.Replies;
import io.github.mailback.spool.Spool;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Whatever a spool holds (a damaged file, another version, a hand edit, a hostile one), the next start
 * neither fails nor hangs, mails only to the recipients the configuration gives, and reads or moves no file
 * outside its folder. An input is a state, an example and an email record (each framed as the spool frames
 * them, so that their contents are fuzzed rather than the checksum, unless the first byte says otherwise);
 * the committed input is a whole spool of a run killed with an email waiting for a greylisted recipient.
 */
class SpoolFuzzTest {
    private static final String OPS = "ops@example.com";
    private static final String GREY = "grey@example.com";
    private static final long WALL = 1_800_000_000_000L;

    @FuzzTest(maxDuration = "60s")
    @Timeout(300) // only a hang
    void anySpoolIsRecoveredOrMovedAsideAndNoRecipientComesFromIt(byte[] input) throws Exception {
        Path root = Files.createTempDirectory("mailback-spool-fuzz");
        try {
            Path sentinel = Files.writeString(root.resolve("sentinel"), "outside the spool");
            Spool files = Spool.open(root.resolve("spool"), "shop", "EMAIL", false);
            ByteBuffer in = ByteBuffer.wrap(input);
            int framing = in.hasRemaining() ? in.get() : 0;
            put(files, "state", Spool.STATE, part(in), (framing & 1) == 0);
            put(files, "ex-a", Spool.EXAMPLE, part(in), (framing & 2) == 0);
            put(files, "mail-a", Spool.EMAIL, part(in), (framing & 4) == 0);
            files.close();

            EngineFixture f = new EngineFixture();
            f.router = e -> List.of(OPS, GREY);
            f.spool(root.resolve("spool"), () -> WALL, 10 << 20);
            f.run(Duration.ofMinutes(15), Duration.ofSeconds(30));

            for (List<String> envelope : f.transport.envelopes) {
                assertTrue(List.of(OPS, GREY).containsAll(envelope), "a recipient from the spool: " + envelope);
            }
            assertEquals("outside the spool", Files.readString(sentinel));
            try (Stream<Path> left = Files.list(root)) {
                assertEquals(List.of("sentinel", "spool"), left.map(p -> p.getFileName().toString()).sorted().toList());
            }
        } finally {
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** The committed input is what a real run leaves, so the fuzzer starts from a whole, valid spool. */
    @Test
    @Timeout(30)
    void theCommittedInputIsAWholeSpoolOfTheCurrentFormat() throws Exception {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(Path.of(
                "src/test/resources/io/github/mailback/alert/SpoolFuzzTestInputs",
                "anySpoolIsRecoveredOrMovedAsideAndNoRecipientComesFromIt", "greylisted-resend")));
        String stale = "the input is stale: run SpoolFuzzTest.main to write it again";
        assertEquals(0, in.get(), stale);
        io.github.mailback.spool.SpoolState state = io.github.mailback.spool.SpoolState.read(part(in));
        assertEquals(2, state.groups().size(), stale);
        assertEquals(List.of(GREY), state.emails().get(0).to(), stale);
        io.github.mailback.report.SnapshotCodec.read(part(in));
        assertEquals(1, EmailRecord.read(part(in), EngineFixture.ROUTE).events(), stale);
        assertEquals(0, in.remaining(), stale);
    }

    /** Writes the committed input again, after a change of the spool's format. */
    public static void main(String[] args) throws Exception {
        Files.write(Path.of("src/test/resources/io/github/mailback/alert/SpoolFuzzTestInputs",
                "anySpoolIsRecoveredOrMovedAsideAndNoRecipientComesFromIt", "greylisted-resend"), spoolOfAKilledRun());
    }

    /**
     * A run that mailed an error to two recipients, one of whom refused it for now, and logged another one
     * in the batch window; killed then. Its state, one example and the email, as an input.
     */
    private static byte[] spoolOfAKilledRun() throws Exception {
        Path root = Files.createTempDirectory("mailback-spool-seed");
        try {
            EngineFixture f = new EngineFixture();
            f.router = e -> List.of(OPS, GREY);
            f.transport.refuse.put(GREY, Replies.reply(450, "4.2.0", "greylisted, try again later"));
            f.spool(root, () -> WALL, 10 << 20);
            f.log("com.shop.Orders", "payment failed for order {}", 17);
            f.run(Duration.ofSeconds(6), Duration.ofSeconds(1));
            f.log(f.event("com.shop.Refunds", "refund failed", new IllegalStateException("gateway down")));
            f.run(Duration.ofSeconds(1), Duration.ofSeconds(1));
            f.kill();
            Spool files = Spool.open(root, "shop", "EMAIL", false);
            byte[] state = files.read("state", Spool.STATE);
            byte[] example = null;
            byte[] email = null;
            for (String name : files.names()) {
                if (name.startsWith("ex-") && example == null) {
                    example = files.read(name, Spool.EXAMPLE);
                } else if (name.startsWith("mail-")) {
                    email = files.read(name, Spool.EMAIL);
                }
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(0);
            for (byte[] part : List.of(state, example, email)) {
                out.writeShort(part.length);
                out.write(part);
            }
            return bytes.toByteArray();
        } finally {
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** The next part: a length of two bytes, then as many bytes as there are. */
    private static byte[] part(ByteBuffer in) {
        int length = in.remaining() >= 2 ? in.getShort() & 0xffff : 0;
        byte[] part = new byte[Math.min(length, in.remaining())];
        in.get(part);
        return part;
    }

    private static void put(Spool files, String name, int kind, byte[] payload, boolean framed) throws IOException {
        if (framed) {
            files.write(name, kind, payload);
        } else {
            Files.write(files.directory().resolve(name), payload);
        }
    }
}
