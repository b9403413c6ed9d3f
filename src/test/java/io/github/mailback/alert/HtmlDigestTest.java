package io.github.mailback.alert;

import static io.github.mailback.alert.DigestSamples.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Layout;
import io.github.mailback.report.EmailModel;
import io.github.mailback.report.GroupReport;
import io.github.mailback.report.HtmlDigest;
import io.github.mailback.report.HtmlText;
import io.github.mailback.report.Times;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class HtmlDigestTest {
    private final DigestSamples samples = new DigestSamples();

    private static long events(List<GroupReport> reports) {
        return reports.stream().mapToLong(GroupReport::count).sum();
    }

    private String render(Layout<ILoggingEvent> layout, List<GroupReport> reports, long unkept) {
        return samples.digest().render(EmailModel.of(reports, unkept));
    }

    @Test
    void summaryComesFirstWithTotalsSpanAndOneRowPerGroup() {
        List<GroupReport> reports = samples.realistic();
        String html = render(samples.textLayout(), reports, 0);
        String text = StrictHtml.text(html);

        assertTrue(text.contains("5,001 error events in 3 groups"), text);
        assertTrue(text.contains("2026-11-26 22:40:01 \u2013 22:41:16 UTC (1 min 15 s)"), text);
        assertTrue(text.contains("2 new groups"), text);
        int table = html.indexOf("class=\"mb-grid\"");
        int firstExample = html.indexOf(">Example<");
        assertTrue(table > 0 && table < firstExample, "the groups table comes before the examples");

        String summary = html.substring(table, html.indexOf("</table>", table));
        List<String> rows = new ArrayList<>();
        for (String row : summary.split("<tr>")) {
            if (row.contains("<td")) {
                rows.add(StrictHtml.text(row.replace("</td>", " </td>").replace("<br>", " ")).replaceAll("\\s+", " ").trim());
            }
        }
        assertEquals(3, rows.size(), rows::toString);
        assertTrue(rows.get(0).startsWith("1 1 22:40:01 ERROR NEW Could not save order 4711 \u2014 "
                + "java.net.ConnectException: Connection refused"), rows.get(0));
        // In the email's order: new groups before the repeat.
        assertTrue(rows.get(1).startsWith("2 1 22:41:01 ERROR NEW Stock level"), rows.get(1));
        assertTrue(rows.get(2).startsWith("3 4,999 22:40:05 22:41:16 ERROR AGAIN Payment provider"), rows.get(2));
    }

    @Test
    void eachGroupShowsItsExampleInFullThenItsContextEndingWithTheHighlightedTrigger() {
        String html = render(samples.textLayout(), samples.realistic(), 0);

        List<String> examples = StrictHtml.textOf(html, "pre", "mb-code mb-example");
        assertEquals(3, examples.size());
        assertTrue(examples.get(0).contains("ERROR [http-nio-8080-exec-3] com.example.shop.OrderRepository - "
                + "Could not save order 4711"), examples.get(0));
        assertTrue(examples.get(0).contains("java.lang.IllegalStateException: order 4711 not saved"));
        assertTrue(examples.get(0).contains("Caused by: java.sql.SQLException: Connection is not available"));
        assertTrue(examples.get(0).contains("Caused by: java.net.ConnectException: Connection refused"));

        List<String> hits = StrictHtml.textOf(html, "span", "mb-hit");
        assertEquals(3, hits.size());
        assertTrue(hits.get(0).endsWith("com.example.shop.OrderRepository - Could not save order 4711"), hits.get(0));
        assertFalse(hits.get(0).contains("IllegalStateException"), "the context shows the trigger's line only");

        String text = StrictHtml.text(html);
        assertTrue(text.contains("Context: 12 events logged before it"), text);
        assertTrue(text.contains("Context: 2 events logged before it"), text);
        int earlier = text.indexOf("order 4100 accepted");
        int later = text.indexOf("order 4111 accepted");
        int trigger = text.indexOf("Could not save order 4711", later);
        assertTrue(earlier > 0 && earlier < later && later < trigger, "context in logged order, trigger last");
        assertTrue(text.contains("4,999 events, 2026-11-26 22:40:05 \u2013 22:41:16 UTC (1 min 11 s) \u00b7 5,011 since "
                + "2026-11-26 21:40:05 UTC"), text);
    }

    @Test
    void declaresLightAndDarkAndPairsEveryTextColourWithABackground() {
        String html = render(samples.textLayout(), samples.realistic(), 0);
        assertTrue(html.contains("<meta name=\"color-scheme\" content=\"light dark\">"));
        assertTrue(html.contains("<meta name=\"supported-color-schemes\" content=\"light dark\">"));
        assertTrue(html.contains("@media (prefers-color-scheme: dark)"));
        assertTrue(html.contains("max-width:800px"));
        java.util.regex.Matcher styles = java.util.regex.Pattern.compile("style=\"([^\"]*)\"").matcher(html);
        int checked = 0;
        while (styles.find()) {
            String style = styles.group(1);
            if (style.matches("(^|.*;)color:.*")) {
                checked++;
                assertTrue(style.contains("background-color:"), "a text colour without a background: " + style);
            }
        }
        assertTrue(checked > 20, "checked " + checked);
        assertTrue(html.contains("white-space:pre-wrap;word-break:break-all;"), "stack traces wrap");
    }

    @Test
    void footerNamesHostAndAppenderAndTheCountingHeader() {
        String text = StrictHtml.text(render(samples.textLayout(), samples.realistic(), 17));
        assertTrue(text.contains("Sent by mailback (appender EMAIL) on web-01.example.com. This email reports 5,018 "
                + "error events; its X-Mailback-Events header carries that count"), text);
        assertTrue(text.contains("17 error events not kept in detail"), text);
    }

    static final String[] HOSTILE = {
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "'><a href='https://evil.example/'>click</a>",
        "</pre></td></tr></table><h1>fake</h1>",
        "&lt;b&gt; &amp; &#x3C;script&#x3E; &nbsp",
        "<!-- comment --> <![CDATA[ x ]]> <style>body{display:none}</style>",
    };

    private String hostileDigest(Layout<ILoggingEvent> layout) {
        List<GroupReport> reports = new ArrayList<>();
        int n = 0;
        for (String h : HOSTILE) {
            Incident i = samples.incident(T0 + n * 1000L, "com.example.<Evil>\"logger'", h,
                    new IllegalStateException(h, new RuntimeException("cause " + h)), 2);
            reports.add(samples.report("h" + n++, i, 1, i.event().getTimeStamp(), i.event().getTimeStamp(), true));
        }
        Incident controls = samples.incident(T0 + 9000, "x", "line1\r\nX-Injected: yes\rline3\u0000nul \u0007bell "
                + "\ud83d\udd25 emoji \u05e9\u05dc\u05d5\u05dd RTL \u202Eevil\u202C done \ud800 lone", null, 0);
        reports.add(samples.report("c", controls, 1, T0 + 9000, T0 + 9000, true));
        return new HtmlDigest(new Times(java.time.ZoneOffset.UTC), "host\"><script>x</script>",
                "EMAIL<b>", null).render(EmailModel.of(reports, 0));
    }

    @Test
    void hostileLogDataStaysTextWithATextLayout() {
        assertHostileDataIsText(hostileDigest(samples.textLayout()));
    }

    private static void assertHostileDataIsText(String html) {
        String lower = html.toLowerCase(Locale.ROOT);
        assertFalse(lower.contains("<script"), "a script tag");
        assertFalse(lower.contains("<img"), "an img tag");
        assertFalse(lower.contains("<a "), "a link");
        assertFalse(lower.contains("<h1>fake"), "injected markup");
        assertFalse(html.contains("\u0000") || html.contains("\u0007") || html.contains("\r"), "control characters");
        assertFalse(html.contains("\u202E"), "a bidi override");

        // Fails on any tag or attribute not in the allow-list (so on href, src and on* handlers too).
        String text = StrictHtml.text(html);
        for (String h : HOSTILE) {
            assertTrue(text.contains(h), () -> "not shown as text: " + h);
        }
        assertTrue(text.contains("com.example.<Evil>\"logger'"), "logger name");
        assertTrue(text.contains("host\"><script>x</script>"), "host name");
        assertTrue(text.contains("EMAIL<b>"), "appender name");
        assertTrue(text.contains("\ud83d\udd25 emoji \u05e9\u05dc\u05d5\u05dd RTL [U+202E]evil[U+202C] done \ufffd lone"),
                text);
        assertTrue(text.contains("line3\ufffdnul \ufffdbell"), text);
    }

    @Test
    void escapeCoversTheFiveMarkupCharactersAndNeutralisesControls() {
        assertEquals("&lt;b&gt;&amp;&quot;&#39;", HtmlText.escape("<b>&\"'"));
        assertEquals("a\nb\nc\nd\te", HtmlText.escape("a\r\nb\rc\u2028d\te"));
        assertEquals("\ufffd\ufffd\ufffd \ud83d\ude00", HtmlText.escape("\u0000\u009b\udc00 \ud83d\ude00"));
        assertEquals("[U+2066]x[U+2069]", HtmlText.escape("\u2066x\u2069"));
    }

    @Test
    void strictReaderRejectsInjectedMarkup() {
        assertThrows(AssertionError.class, () -> StrictHtml.text("<p>a</p><script>x</script>"));
        assertThrows(AssertionError.class, () -> StrictHtml.text("<p onclick=\"x\">a</p>"));
        assertThrows(AssertionError.class, () -> StrictHtml.text("<p class=\"a\">a < b</p>"));
        assertThrows(AssertionError.class, () -> StrictHtml.text("<p>AT&T</p>"));
        assertEquals("a<b", StrictHtml.text("<p class=\"x\">a&lt;b</p>"));
    }

    @Test
    void aHugeDigestIsCutWithNotesAndStaysSmall() {
        List<GroupReport> reports = new ArrayList<>();
        for (int g = 0; g < 50; g++) {
            Incident i = samples.incident(T0 + g * 1000L, "com.example.shop.Group" + g, "failure number " + g,
                    new IllegalStateException("boom " + g), 255);
            reports.add(samples.report("g" + g, i, 100 + g, T0 + g * 1000L, T0 + g * 1000L + 500, g % 2 == 0));
        }
        String html = render(samples.textLayout(), reports, 0);
        assertTrue(html.length() < 400_000, "size " + html.length());
        String text = StrictHtml.text(html);
        assertTrue(text.contains("earlier events in the text part"), "context cut with a note");
        for (int g = 0; g < 50; g++) {
            assertTrue(text.contains("failure number " + g), "every group is in the summary: " + g);
        }
        assertTrue(text.contains("Context: 255 events logged before it"));
        assertEquals(50, StrictHtml.textOf(html, "span", "mb-hit").size() + skippedGroups(text),
                "each group has its section or is named in the note");
    }

    @Test
    void aUsualDigestStaysUnderGmailsClippingSize() {
        List<GroupReport> reports = new ArrayList<>();
        for (int g = 0; g < 3; g++) {
            Incident i = samples.incident(T0 + g * 1000L, "com.example.shop.Group" + g, "failure number " + g,
                    new IllegalStateException("boom " + g), 255);
            reports.add(samples.report("g" + g, i, 1, T0 + g * 1000L, T0 + g * 1000L, true));
        }
        String html = render(samples.textLayout(), reports, 0);
        assertTrue(html.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 100_000, "size " + html.length());
        assertEquals(3, StrictHtml.textOf(html, "pre", "mb-code mb-example").size());
    }

    private static int skippedGroups(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Groups #(\\d+) to #(\\d+) are listed above")
                .matcher(text);
        return m.find() ? Integer.parseInt(m.group(2)) - Integer.parseInt(m.group(1)) + 1 : 0;
    }

    @Test
    void aHugeMessageIsClipped() {
        String big = "x".repeat(2_000_000);
        Incident i = samples.incident(T0, "com.example.Big", big, null, 3);
        String html = render(samples.textLayout(), List.of(samples.report("big", i, 1, T0, T0, true)), 0);
        assertTrue(html.length() < 100_000, "size " + html.length());
        assertTrue(StrictHtml.text(html).contains("more characters in the text part"));
    }

    @Test
    void onlyUnkeptEventsStillMakeAReadableEmail() {
        String text = StrictHtml.text(render(samples.textLayout(), List.of(), 42));
        assertTrue(text.contains("42 error events in 0 groups"), text);
        assertTrue(text.contains("42 error events not kept in detail"), text);
    }

    @Test
    void durationsReadNaturally() {
        assertEquals("850 ms", Times.duration(java.time.Duration.ofMillis(850)));
        assertEquals("12 s", Times.duration(java.time.Duration.ofSeconds(12)));
        assertEquals("3 min 5 s", Times.duration(java.time.Duration.ofSeconds(185)));
        assertEquals("2 h 10 min", Times.duration(java.time.Duration.ofMinutes(130)));
        assertEquals("3 d 4 h", Times.duration(java.time.Duration.ofHours(76)));
    }
}
