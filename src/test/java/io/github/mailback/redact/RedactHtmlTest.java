package io.github.mailback.redact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.html.HTMLLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 20, point 1: HTML that a layout wrote is unescaped, redacted and escaped again, and its markup
 * is never touched.
 */
@Timeout(10)
class RedactHtmlTest {
    private static final Redactor REDACTOR = Redactor.standard();

    private static String redact(String html) {
        return REDACTOR.redactHtml(html, REDACTOR.newTally());
    }

    @Test
    void logbacksHtmlLayoutKeepsItsMarkupAndLosesItsSecrets() {
        Fakes f = new Fakes(30);
        String pw = f.password(14);
        LoggerContext context = new LoggerContext();
        HTMLLayout layout = new HTMLLayout();
        layout.setContext(context);
        layout.setPattern("%level%logger%msg%mdc");
        layout.start();
        LoggingEvent event = new LoggingEvent("fqcn", context.getLogger("shop.Payments"), Level.ERROR,
                "Login failed for {} password={}", new IllegalStateException(
                        "jdbc:postgresql://app:" + pw + "@db/shop refused", new RuntimeException("Authorization: Basic "
                        + Fakes.base64("alice:" + pw))), new Object[] {"<alice & bob>", pw});
        event.setMDCPropertyMap(java.util.Map.of("token", pw));
        String html = layout.getFileHeader() + layout.getPresentationHeader() + layout.doLayout(event)
                + layout.getPresentationFooter() + layout.getFileFooter();
        assertTrue(html.contains(pw));

        Tally tally = REDACTOR.newTally();
        String out = REDACTOR.redactHtml(html, tally);
        assertFalse(out.contains(pw), out);
        assertEquals(HtmlTags.of(html), HtmlTags.of(out));
        assertTrue(out.contains("Login failed for &lt;alice &amp; bob&gt; password=[redacted:password]"), out);
        assertTrue(out.contains("jdbc:postgresql://app:[redacted:url-password]@db/shop refused"), out);
        assertTrue(out.contains("Authorization: Basic [redacted:authorization]"), out);
        assertTrue(out.contains("token=[redacted:token]"), out);
        assertEquals("url-password=1, authorization=1, password=1, token=1", tally.summary());
        assertEquals(out, redact(out));
    }

    @Test
    void escapedTextIsReadUnescaped() {
        assertEquals("<td>{&quot;password&quot;:&quot;[redacted:password]&quot;}</td>",
                redact("<td>{&quot;password&quot;:&quot;hunter2x&quot;}</td>"));
        assertEquals("<td>&nbsp;&nbsp;password=[redacted:password]&nbsp;rejected</td>",
                redact("<td>&nbsp;&nbsp;password=hunter2x&nbsp;rejected</td>"));
        assertEquals("<td>password=[redacted:password]</td>", redact("<td>password=&#104;unter&#x32;</td>"));
    }

    @Test
    void aSpanAcrossLineBreaksBecomesAMarkerPerStretchOfTextAndCountsOnce() {
        Fakes f = new Fakes(31);
        String label = "PRIVATE KEY";
        String html = "<td>" + Fakes.begin(label) + "<br />" + f.pemLines(1, "") + "<br />&nbsp;&nbsp;"
                + f.pemLines(1, "") + "<br />" + Fakes.end(label) + "</td>";
        Tally tally = REDACTOR.newTally();
        assertEquals("<td>" + Fakes.begin(label) + "<br />[redacted:pem-private-key]<br />&nbsp;&nbsp;"
                + "[redacted:pem-private-key]<br />" + Fakes.end(label) + "</td>", REDACTOR.redactHtml(html, tally));
        assertEquals("pem-private-key=1", tally.summary());
    }

    @Test
    void attributeValuesAreRedactedInPlace() {
        assertEquals("<a href=\"https://u:[redacted:url-password]@db/x\" title='password=[redacted:password]'>db</a>",
                redact("<a href=\"https://u:s3cret@db/x\" title='password=abc1'>db</a>"));
    }

    @Test
    void aTagEndsAValueAndStylesStayAsTheyAre() {
        String split = "<b>password=</b>hunter2x";
        assertEquals(split, redact(split));
        String style = "<style type=\"text/css\">td > b { color: red } /* password=x */</style><td>a &amp; b</td>";
        assertEquals("<style type=\"text/css\">td > b { color: red } /* password=[redacted:password] */</style>"
                + "<td>a &amp; b</td>", redact(style));
        String comment = "<!-- token=abc123 --><p>x</p>";
        assertEquals("<!-- token=[redacted:token] --><p>x</p>", redact(comment));
    }

    @Test
    void markupIsReadAsBrowsersReadIt() {
        // A quote opens an attribute value only after =: class's value ends before Message, which is a name.
        assertEquals("<td( class=\"Mr><td( class=\"Message\">password=[redacted:password]</td>",
                redact("<td( class=\"Mr><td( class=\"Message\">password=hunter2x</td>"));
        assertEquals("<a href=https://u:[redacted:url-password]@db/x>db</a>", redact("<a href=https://u:s3cret@db/x>db</a>"));
        assertEquals("<!-- token=[redacted:token] --!><p>password=[redacted:password]</p>",
                redact("<!-- token=abc1 --!><p>password=x1</p>"));
        assertEquals("<!--><p>password=[redacted:password]</p>", redact("<!--><p>password=x1</p>"));
        assertEquals("<title>a <b>password=[redacted:password]</b></title>", redact("<title>a <b>password=x1</b></title>"));
        // A no-break space is no white space in a tag: it is part of the attribute's name here.
        assertEquals("<a\u00a0title=\"password=x1\">t</a>", redact("<a\u00a0title=\"password=x1\">t</a>"));
    }

    @Test
    void brokenMarkupIsStillNeverBroken() {
        for (String html : new String[] {"<td>password=x", "password=x<", "<a href=\"password=x", "&#xZZ; password=x &",
            "<!-- password=x", "<script>password=x", "a < b password=x > c", "<a b\"c>password=x</a>",
            "<td( class=\"Mr><td( class=\"M\">password=x</td>", "</ password=x>", "<? password=x ?>"}) {
            String out = redact(html);
            assertEquals(HtmlTags.of(html), HtmlTags.of(out), html);
            assertFalse(out.contains("password=x"), out);
            assertEquals(out, redact(out), html);
        }
    }
}
