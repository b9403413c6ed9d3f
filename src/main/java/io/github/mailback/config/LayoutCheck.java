package io.github.mailback.config;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Layout;
import io.github.mailback.SmtpAppenderProperties;
import io.github.mailback.mime.Header;
import io.github.mailback.report.EmailHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the emails say and how: the application's packages, the subject and header patterns, the text
 * layout and the HTML part. Layouts are started here, so that a wrong pattern is reported at start.
 */
final class LayoutCheck {
    final AppFrames appFrames;
    final Layout<ILoggingEvent> subject;
    final Layout<ILoggingEvent> text;
    final Layout<ILoggingEvent> html;
    /** The default layout, which takes over should the user's fail (see {@code Settings.fallbackLayout}). */
    final Layout<ILoggingEvent> fallback;
    final boolean htmlIsLayouts;
    final List<Map.Entry<String, Layout<ILoggingEvent>>> headers;

    LayoutCheck(SmtpAppenderProperties p, String service, PropertyCheck check) {
        AppFrames app = p.getAppPackages() == null ? AppFrames.DEFAULT
                : check.value("appPackages", "the appPackages property is wrong: ", () -> new AppFrames(p.getAppPackages()));
        appFrames = app == null ? AppFrames.DEFAULT : app;
        String pattern = p.getSubject() == null ? SmtpAppenderProperties.DEFAULT_SUBJECT : p.getSubject();
        if (!AppFrames.CONVERTERS && pattern.equals(SmtpAppenderProperties.DEFAULT_SUBJECT)) {
            pattern = "%logger{20} - %m"; // Logback before 1.5.13: its own default
        }
        subject = Settings.patternLayout(p, pattern, false, appFrames, service);
        Layout<ILoggingEvent> userLayout = p.getLayout();
        if (userLayout != null && !userLayout.isStarted()) {
            userLayout.start();
        }
        htmlIsLayouts = userLayout != null && writesHtml(userLayout);
        fallback = Settings.patternLayout(p, Settings.DEFAULT_LAYOUT, true, appFrames, service);
        text = userLayout != null && !htmlIsLayouts ? userLayout : fallback;
        // An HTML layout's document is the HTML part whatever html says: Logback sent it as the body.
        html = htmlIsLayouts ? userLayout : p.isHtml() ? text : null;
        headers = headers(p, check, appFrames, service);
    }

    /** True for a layout that writes HTML, such as Logback's {@code HTMLLayout}. */
    static boolean writesHtml(Layout<?> layout) {
        return layout.getContentType() != null && layout.getContentType().contains("html");
    }

    /**
     * Each {@code Name: pattern} of the header property. The name must be a field name (RFC 5322
     * 3.6.8) that the message writer does not set itself; the value may hold anything, since it is
     * cleaned to one line when written. All wrong ones are reported.
     */
    private static List<Map.Entry<String, Layout<ILoggingEvent>>> headers(SmtpAppenderProperties p, PropertyCheck check,
            AppFrames app, String service) {
        List<Map.Entry<String, Layout<ILoggingEvent>>> result = new ArrayList<>();
        for (String h : p.getHeaders()) {
            int colon = h.indexOf(':');
            String name = colon < 0 ? "" : h.substring(0, colon).strip();
            String problem = colon < 0 ? "no colon in '" + h + "': write Name: pattern, e.g. X-Env: ${ENV}" : null;
            if (problem == null) {
                try {
                    new Header(name, "");
                    if (EmailHeaders.isWritten(name)) {
                        problem = name + " is written by mailback on every email";
                    }
                } catch (IllegalArgumentException e) {
                    problem = e.getMessage();
                }
            }
            if (problem != null) {
                check.fail("header", "the header property is wrong: " + problem);
            } else {
                result.add(Map.entry(name, Settings.patternLayout(p, h.substring(colon + 1).strip(), false, app, service)));
            }
        }
        return List.copyOf(result);
    }
}
