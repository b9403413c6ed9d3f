package io.github.mailback.alert;

import static io.github.mailback.alert.DigestSamples.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Layout;
import io.github.mailback.mime.Address;
import io.github.mailback.mime.Header;
import io.github.mailback.mime.Message;
import io.github.mailback.report.EmailHeaders;
import io.github.mailback.report.EmailModel;
import io.github.mailback.report.GroupReport;
import io.github.mailback.report.HtmlDigest;
import io.github.mailback.report.LayoutBody;
import io.github.mailback.report.LayoutFrame;
import io.github.mailback.report.Times;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class EmailComposerTest {
    private final DigestSamples samples = new DigestSamples();

    /** Mail clients thread one error's emails by these ids, across JVMs: the From domain stays on the right. */
    @Test
    void everyEmailHasItsOwnMessageIdWithTheSendersDomain() {
        DigestSamples samples = new DigestSamples();
        Route route = new Route(List.of("ops@example.com"));
        Composer composer = new Composer(samples.textLayout(), samples.textLayout(), null, List.of(), "example.com", "shop");
        String one = composer.composer.compose(route, "s", "t", List.of()).messageId();
        String two = composer.compose(List.of(), 1).messageId();
        assertTrue(one.matches("<mailback\\.[0-9a-f]{24}@example\\.com>"), one);
        assertTrue(two.matches("<mailback\\.[0-9a-f]{24}@example\\.com>"), two);
        assertNotEquals(one, two);

        String idn = new Composer(samples.textLayout(), samples.textLayout(), null, List.of(), "b\u00fccher.example", "shop")
                .composer.compose(route, "s", "t", List.of()).messageId();
        assertTrue(idn.endsWith("@xn--bcher-kva.example>"), idn);
        Message m = Message.builder().from(Address.of("app@b\u00fccher.example")).to(Address.of("ops@example.com"))
                .messageId(idn).build();
        assertEquals(idn, m.messageId());
    }

    private PatternLayout framedLayout() {
        PatternLayout l = new PatternLayout();
        l.setContext(samples.context);
        l.setPattern("%-5level %logger - %msg%n");
        l.setFileHeader("[file header]\n");
        l.setPresentationHeader("[presentation header]\n");
        l.setPresentationFooter("[presentation footer]\n");
        l.setFileFooter("[file footer]\n");
        l.start();
        return l;
    }

    private PatternLayout subjectLayout(String pattern) {
        PatternLayout l = new PatternLayout();
        l.setContext(samples.context);
        l.setPattern(pattern);
        l.setPostCompileProcessor(null);
        l.start();
        return l;
    }

    /**
     * Takes examples and composes as the pipeline does, with these layouts: {@code html} null for no HTML
     * part, an HTML layout for its document, a text layout for mailback's HTML digest.
     */
    private final class Composer {
        final Snapshots snapshots;
        final EmailComposer composer;

        Composer(Layout<ILoggingEvent> subject, Layout<ILoggingEvent> text, Layout<ILoggingEvent> html,
                List<Map.Entry<String, Layout<ILoggingEvent>>> headers, String idDomain, String service) {
            boolean layoutHtml = html != null && html.getContentType().contains("html");
            snapshots = samples.snapshots(subject, text, layoutHtml ? html : null, headers);
            Times times = new Times(ZoneOffset.UTC);
            composer = new EmailComposer(new LayoutBody(LayoutFrame.of(text), false, times),
                    layoutHtml ? new LayoutBody(LayoutFrame.of(html), true, times) : null,
                    html == null || layoutHtml ? null : new HtmlDigest(times, null, null, service), idDomain, () -> T0,
                    service);
        }

        GroupReport report(String fingerprint, Incident example, long count, long first, long last, boolean firstMail) {
            return DigestSamples.report(snapshots, fingerprint, example, count, first, last, firstMail);
        }

        AlertEmail compose(List<GroupReport> reports, long unkept) {
            return composer.compose(new Route(List.of("ops@example.com")), reports, unkept);
        }
    }

    private Composer composer(Layout<ILoggingEvent> text, Layout<ILoggingEvent> html,
            List<Map.Entry<String, Layout<ILoggingEvent>>> headers) {
        return new Composer(subjectLayout("%logger{20} - %m"), text, html, headers, "example.com", "shop");
    }

    @Test
    void oneEventGivesLogbacksBodyHeadersEventsFootersAndNoSummary() {
        Incident i = samples.incident(T0, "com.example.Jobs", "job crashed", null, 2);
        Composer c = composer(framedLayout(), null, List.of());
        AlertEmail email = c.compose(List.of(c.report("j", i, 1, T0, T0, true)), 0);
        assertEquals("[file header]\n[presentation header]\n"
                + "INFO  com.example.shop.OrderService - order 4100 accepted: 3 items, total 59.90 EUR, customer c-882\n"
                + "INFO  com.example.shop.OrderService - order 4101 accepted: 3 items, total 59.90 EUR, customer c-881\n"
                + "ERROR com.example.Jobs - job crashed\n"
                + "[presentation footer]\n[file footer]\n", email.text());
        assertEquals("com.example.Jobs - job crashed", email.subject());
    }

    @Test
    void aDigestKeepsTheFrameWithItsSummaryAfterTheFileHeaderAndEachGroupFramed() {
        Incident a = samples.incident(T0, "com.example.A", "first failure", null, 0);
        Incident b = samples.incident(T0 + 1000, "com.example.B", "second failure", null, 1);
        Composer c = composer(framedLayout(), null, List.of());
        String text = c.compose(List.of(c.report("a", a, 3, T0, T0 + 500, true), c.report("b", b, 1, T0 + 1000, T0 + 1000, true)), 0)
                .text();
        assertTrue(text.startsWith("[file header]\n4 error events in 2 groups.\n"), text);
        assertTrue(text.endsWith("[presentation footer]\n[file footer]\n"), text);
        int first = text.indexOf("----- #1 example -----\n[presentation header]\nERROR com.example.A - first failure\n"
                + "[presentation footer]\n");
        int second = text.indexOf("----- #2 example, with the 1 event logged before it -----\n[presentation header]\n");
        assertTrue(first > 0 && second > first, text);
        assertEquals(1, text.split("\\[file header]", -1).length - 1, text);
    }

    @Test
    void twoEventsOfOneGroupAreSummarisedToo() {
        Incident a = samples.incident(T0, "com.example.A", "failure", null, 0);
        Composer c = composer(framedLayout(), null, List.of());
        String text = c.compose(List.of(c.report("a", a, 2, T0, T0 + 500, true)), 0).text();
        assertTrue(text.startsWith("[file header]\n2 error events in 1 group.\n"), text);
    }

    @Test
    void theSubjectEndsAtItsFirstLineFeedThenGetsItsSuffix() {
        Incident i = samples.incident(T0, "com.example.Jobs", "job crashed\r\nat line two\nline three", null, 0);
        Composer c = composer(framedLayout(), null, List.of());
        assertEquals("com.example.Jobs - job crashed", c.compose(List.of(c.report("j", i, 1, T0, T0, true)), 0).subject());
        assertEquals("com.example.Jobs - job crashed [+4 similar]",
                c.compose(List.of(c.report("j", i, 5, T0, T0, true)), 0).subject());
        Incident longOne = samples.incident(T0, "com.example.Jobs", "x".repeat(300) + "\nsecond", null, 0);
        String subject = c.compose(List.of(c.report("j", longOne, 2, T0, T0, true)), 0).subject();
        assertEquals(EmailModel.MAX_SUBJECT + 1 + " [+1 similar]".length(), subject.length(), subject);
        assertTrue(subject.endsWith("x\u2026 [+1 similar]"), subject);
    }

    @Test
    void withAnHtmlLayoutTheHtmlPartIsItsDocumentAndADigestsSummaryIsEscapedText() {
        Incident a = samples.incident(T0, "com.example.A", "<b>first</b>", null, 0);
        Incident b = samples.incident(T0 + 1000, "com.example.B", "second", null, 0);
        Layout<ILoggingEvent> html = samples.htmlLayout();
        Composer c1 = composer(samples.textLayout(), html, List.of());
        String one = c1.compose(List.of(c1.report("a", a, 1, T0, T0, true)), 0).html();
        assertTrue(one.startsWith(html.getFileHeader()), one);
        assertTrue(one.endsWith(html.getPresentationFooter() + html.getFileFooter()), one);
        assertFalse(one.contains("<pre>"), "no summary for one event");

        Composer c2 = composer(samples.textLayout(), samples.htmlLayout(), List.of());
        String two = c2.compose(List.of(c2.report("a", a, 1, T0, T0, true), c2.report("b", b, 1, T0 + 1000, T0 + 1000, true)),
                0).html();
        assertTrue(two.contains("<pre>2 error events in 2 groups."), two);
        assertTrue(two.contains("ERROR com.example.A - &lt;b&gt;first&lt;/b&gt;"), two);
        assertFalse(two.contains("<b>first"), two);
        assertEquals(2, two.split("<table", -1).length - 1, "one table per group: " + two);
    }

    @Test
    void headerPatternsAreAppliedToTheMainEventAndMadeOneLine() {
        Incident i = samples.incident(T0, "com.example.Jobs", "job\r\nBcc: victim@example.com", null, 0);
        Composer c = composer(framedLayout(), null, List.of(
                Map.entry("X-Logger", subjectLayout("%logger")),
                Map.entry("X-Message", subjectLayout("%m")),
                Map.entry("X-Empty", subjectLayout("%X{missing}"))));
        AlertEmail email = c.compose(List.of(c.report("j", i, 1, T0, T0, true)), 0);
        assertEquals(List.of(new Header("X-Logger", "com.example.Jobs"),
                new Header("X-Message", "job Bcc: victim@example.com")), custom(email));
    }

    @Test
    void aLongHeaderValueIsCutBetweenCodePoints() {
        Incident i = samples.incident(T0, "com.example.Jobs", "a".repeat(199) + "\ud83d\ude00" + "tail", null, 0);
        Composer c = composer(framedLayout(), null, List.of(Map.entry("X-Message", subjectLayout("%m"))));
        AlertEmail email = c.compose(List.of(c.report("j", i, 1, T0, T0, true)), 0);
        assertEquals("a".repeat(199) + "\u2026", custom(email).get(0).value());
    }

    private Incident at(long nanos, ch.qos.logback.classic.Level level, String logger, String message) {
        ILoggingEvent e = samples.event(T0 + nanos / 1_000_000, level, logger, message, null);
        return new Incident(e, List.of(e), nanos);
    }

    /** The order-service demo: the fatal error before System.exit must not hide behind the flood. */
    @Test
    void aNewGroupHeadsTheEmailThenTheMostSevereThenTheLatestThenTheBiggest() {
        var error = ch.qos.logback.classic.Level.ERROR;
        Composer c = composer(framedLayout(), null, List.of());
        GroupReport repeat = c.report("r", at(0, error, "a.Old", "old"), 9_000, T0, T0, false);
        GroupReport flood = c.report("f", at(1_000, error, "a.Pay", "timeout"), 4_455, T0, T0, true);
        GroupReport warn = c.report("w", at(9_000, ch.qos.logback.classic.Level.WARN, "a.Slow", "slow"), 1, T0, T0, true);
        GroupReport fatal = c.report("x", at(5_000, error, "a.App", "journal not writable"), 1, T0, T0, true);
        GroupReport sameTime = c.report("y", at(5_000, error, "a.Other", "other"), 2, T0, T0, true);
        assertEquals(List.of(sameTime, fatal, flood, warn, repeat),
                EmailModel.of(List.of(repeat, flood, warn, fatal, sameTime), 0).groups());
        AlertEmail email = c.compose(List.of(repeat, flood, warn, fatal), 0);
        assertEquals("a.App - journal not writable [+13,456 other]", email.subject());
        assertTrue(email.text().indexOf("journal not writable") < email.text().indexOf("timeout"), email.text());
        // Repeats: the bigger first.
        GroupReport small = c.report("s", at(9_000, error, "a.S", "s"), 5, T0, T0, false);
        assertEquals(List.of(repeat, small), EmailModel.of(List.of(small, repeat), 0).groups());
    }

    /** Ten JVMs of one service mail the same error: one id in References, one fingerprint, one Outlook GUID. */
    @Test
    void everyJvmGivesAGroupTheSameThreadIdsAndFingerprintHeader() {
        Incident i = samples.incident(T0, "com.example.Jobs", "job crashed", null, 0);
        Composer c = composer(framedLayout(), null, List.of());
        AlertEmail one = c.compose(List.of(c.report("T|x", i, 1, T0, T0, true)), 0);
        Incident later = samples.incident(T0 + 60_000, "com.example.Jobs", "job crashed", null, 0);
        GroupReport repeat = new GroupReport("T|x", c.snapshots.example(later), 4, 9, T0 + 60_000, T0 + 60_000, T0 + 7,
                false, true, "<mailback.0123@example.com>", 0);
        AlertEmail two = c.compose(List.of(repeat), 0);
        assertNotEquals(one.messageId(), two.messageId());
        assertEquals(1, one.references().size());
        assertTrue(one.references().get(0).matches("<mailback\\.group\\.[0-9a-f]{32}@example\\.com>"), one.references().get(0));
        assertEquals(List.of(one.references().get(0), "<mailback.0123@example.com>"), two.references());
        assertEquals("<mailback.0123@example.com>", two.inReplyTo(), "each JVM's own chain stays");
        assertEquals(header(one, "X-Mailback-Fingerprint"), header(two, "X-Mailback-Fingerprint"));
        assertEquals(one.references().get(0).substring(16, 32), header(one, "X-Mailback-Fingerprint"));
        assertEquals("Jobs - job crashed on shop", header(one, "Thread-Topic"));
        assertEquals(header(one, "Thread-Topic"), header(two, "Thread-Topic"), "no values, no counts: a stable topic");

        byte[] a = java.util.Base64.getDecoder().decode(header(one, "Thread-Index"));
        byte[] b = java.util.Base64.getDecoder().decode(header(two, "Thread-Index"));
        assertEquals(22, a.length);
        assertEquals(1, a[0]);
        assertEquals(java.util.Arrays.toString(java.util.Arrays.copyOfRange(a, 6, 22)),
                java.util.Arrays.toString(java.util.Arrays.copyOfRange(b, 6, 22)), "one conversation GUID");
        assertEquals(0x50, a[12] & 0xf0, "a name-based UUID");
        long filetime = 0;
        for (int k = 1; k < 6; k++) {
            filetime = filetime << 8 | (a[k] & 0xff);
        }
        long millis = (filetime << 24) / 10_000 - 11_644_473_600_000L;
        // The 24 low bits are left out (MS-OXOMSG 2.2.1.3): 1.68 s of resolution.
        assertTrue(millis <= T0 && T0 - millis < 1_678, "the header's time is the group's first event: " + millis);

        Composer billing = new Composer(subjectLayout("%m"), framedLayout(), null, List.of(), "example.com", "billing");
        AlertEmail otherService = billing.compose(List.of(billing.report("T|x", i, 1, T0, T0, true)), 0);
        assertNotEquals(one.references(), otherService.references(), "another service, another thread");
    }

    private static String header(AlertEmail email, String name) {
        return email.headers().stream().filter(h -> h.name().equals(name)).findFirst().orElseThrow().value();
    }

    /** The {@code header} fields, without those every email carries. */
    private static List<Header> custom(AlertEmail email) {
        List<Header> custom = new java.util.ArrayList<>(email.headers());
        custom.removeIf(h -> EmailHeaders.isWritten(h.name()));
        return custom;
    }
}
