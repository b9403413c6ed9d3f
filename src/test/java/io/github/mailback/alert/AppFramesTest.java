package io.github.mailback.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.github.mailback.config.AppFrames;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The headline, the folded stack trace and the application-frame rule, on the chain a Spring Boot 3
 * service logs when a controller fails (built here: Spring is not on the class path).
 */
@Timeout(10)
public class AppFramesTest {
    private final DigestSamples samples = new DigestSamples();

    /** Spring's wrapper; its name does not matter here, its frames do. */
    static final class ServletException extends Exception {
        ServletException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Tomcat's thread and filter chain, bottom of every request's stack (40 frames). */
    private static List<StackTraceElement> container() {
        List<StackTraceElement> frames = new ArrayList<>();
        String[] classes = {"org.springframework.web.servlet.DispatcherServlet", "org.springframework.web.servlet.FrameworkServlet",
            "jakarta.servlet.http.HttpServlet", "org.apache.catalina.core.ApplicationFilterChain",
            "org.apache.tomcat.websocket.server.WsFilter", "org.springframework.web.filter.OncePerRequestFilter",
            "org.springframework.web.filter.RequestContextFilter", "org.springframework.web.filter.FormContentFilter",
            "org.springframework.web.filter.CharacterEncodingFilter", "org.apache.catalina.core.StandardWrapperValve",
            "org.apache.catalina.core.StandardContextValve", "org.apache.catalina.authenticator.AuthenticatorBase",
            "org.apache.catalina.core.StandardHostValve", "org.apache.catalina.valves.ErrorReportValve",
            "org.apache.catalina.core.StandardEngineValve", "org.apache.catalina.connector.CoyoteAdapter",
            "org.apache.coyote.http11.Http11Processor", "org.apache.coyote.AbstractProcessorLight",
            "org.apache.coyote.AbstractProtocol$ConnectionHandler", "org.apache.tomcat.util.net.NioEndpoint$SocketProcessor"};
        for (int i = 0; i < 38; i++) {
            frames.add(new StackTraceElement(classes[i % classes.length], "step" + i, "F.java", 100 + i));
        }
        frames.add(new StackTraceElement("org.apache.tomcat.util.threads.TaskThread$WrappingRunnable", "run", "T.java", 61));
        frames.add(new StackTraceElement("java.lang.Thread", "run", "Thread.java", 1583));
        return frames;
    }

    /** What Spring Boot 3 logs for a controller that throws: 52 frames, one of them the application's. */
    public static Throwable springChain() {
        List<StackTraceElement> inner = new ArrayList<>(List.of(
                new StackTraceElement("com.example.demo.DemoApplication", "lookup", "DemoApplication.java", 41),
                new StackTraceElement("com.example.demo.DemoApplication", "order", "DemoApplication.java", 33),
                new StackTraceElement("com.example.demo.DemoApplication$$SpringCGLIB$$0", "order", null, -1),
                new StackTraceElement("jdk.internal.reflect.DirectMethodHandleAccessor", "invoke", "D.java", 103),
                new StackTraceElement("java.lang.reflect.Method", "invoke", "Method.java", 580),
                new StackTraceElement("org.springframework.web.method.support.InvocableHandlerMethod", "doInvoke", "I.java", 258),
                new StackTraceElement("org.springframework.web.method.support.InvocableHandlerMethod", "invokeForRequest", "I.java", 191),
                new StackTraceElement("org.springframework.web.servlet.mvc.method.annotation.ServletInvocableHandlerMethod",
                        "invokeAndHandle", "S.java", 118)));
        inner.addAll(container());
        IllegalStateException cause = new IllegalStateException("Order store unavailable while loading order 1");
        cause.setStackTrace(inner.toArray(new StackTraceElement[0]));
        ServletException outer = new ServletException("Request processing failed: " + cause, cause);
        List<StackTraceElement> frames = new ArrayList<>(List.of(
                new StackTraceElement("org.springframework.web.servlet.FrameworkServlet", "processRequest", "F.java", 1022)));
        frames.addAll(container());
        outer.setStackTrace(frames.toArray(new StackTraceElement[0]));
        return outer;
    }

    private ILoggingEvent springError() {
        return samples.event(DigestSamples.T0, Level.ERROR,
                "org.apache.catalina.core.ContainerBase.[Tomcat].[localhost].[/].[dispatcherServlet]",
                "Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception", springChain());
    }

    private PatternLayout layout(String pattern, AppFrames app) {
        PatternLayout l = new PatternLayout();
        l.setContext(samples.context);
        l.setPattern(pattern);
        AppFrames.register(l, app);
        if (!pattern.contains("%ex")) {
            l.setPostCompileProcessor(null); // as the appender makes its subject layout
        }
        l.start();
        return l;
    }

    @Test
    void theHeadlineNamesTheRootCauseItsMessageAndTheFirstApplicationFrame() {
        assertEquals("IllegalStateException: Order store unavailable while loading order 1 (DemoApplication.lookup)",
                AppFrames.DEFAULT.headline(springError()));
        samples.context.setName("orders");
        String subject = layout("%headline on %service", AppFrames.DEFAULT).doLayout(springError());
        assertEquals("IllegalStateException: Order store unavailable while loading order 1 (DemoApplication.lookup)"
                + " on orders", subject);
    }

    @Test
    void anExceptionPatternWithOptionsKeepsLogbacksMeaning() {
        String folded = layout("%m%n%ex{1}", AppFrames.DEFAULT).doLayout(springError());
        PatternLayout logbacks = new PatternLayout();
        logbacks.setContext(samples.context);
        logbacks.setPattern("%m%n%ex{1}");
        logbacks.start();
        assertEquals(logbacks.doLayout(springError()), folded);
    }

    @Test
    void withoutAThrowableTheHeadlineIsTheLoggersSimpleNameAndTheMessage() {
        ILoggingEvent e = samples.event(DigestSamples.T0, Level.ERROR, "com.shop.OrderRepository", "Could not store\norder 7", null);
        assertEquals("OrderRepository - Could not store order 7", AppFrames.DEFAULT.headline(e));
    }

    @Test
    void aLongMessageIsCutSoThatTheFrameStaysInTheHeadline() {
        IllegalStateException t = new IllegalStateException("x".repeat(500));
        t.setStackTrace(new StackTraceElement[] {new StackTraceElement("com.shop.Store", "load", "Store.java", 9)});
        String h = AppFrames.DEFAULT.headline(samples.event(DigestSamples.T0, Level.ERROR, "a.B", "m", t));
        assertEquals("IllegalStateException: " + "x".repeat(AppFrames.MESSAGE_MAX) + "\u2026 (Store.load)", h);
    }

    @Test
    void aLambdaFrameIsNamedAfterItsMethod() {
        IllegalStateException t = new IllegalStateException("negative stock");
        t.setStackTrace(new StackTraceElement[] {new StackTraceElement("com.shop.Inventory", "lambda$reserve$0", "Inventory.java", 28)});
        assertEquals("IllegalStateException: negative stock (Inventory.reserve)",
                AppFrames.DEFAULT.headline(samples.event(DigestSamples.T0, Level.ERROR, "a.B", "m", t)));
        assertEquals("lambda$", AppFrames.methodName("lambda$"));
    }

    @Test
    void withoutAServiceNameTheHostNamesTheSource() {
        assertEquals("web-7", AppFrames.service("default", "web-7"));
        assertEquals("web-7", AppFrames.service(null, "web-7"));
        assertEquals("orders", AppFrames.service("orders", "web-7"));
    }

    @Test
    void appPackagesDecideWhichFramesAreTheApplications() {
        AppFrames app = new AppFrames(" com.example.demo , org.acme.");
        assertTrue(app.isApp("com.example.demo.DemoApplication"));
        assertTrue(app.isApp("org.acme.Billing"));
        assertFalse(app.isApp("com.example.demonstration.Other"), "a prefix is a whole package name");
        assertFalse(app.isApp("com.other.Lib"), "with appPackages, the rest is not the application's");
        assertTrue(AppFrames.DEFAULT.isApp("com.other.Lib"));
        assertFalse(AppFrames.DEFAULT.isApp("org.springframework.web.servlet.DispatcherServlet"));
        assertFalse(AppFrames.DEFAULT.isApp("com.example.demo.DemoApplication$$SpringCGLIB$$0"), "a generated proxy");

        AppFrames tomcatApp = new AppFrames("org.apache.catalina");
        assertEquals("IllegalStateException: Order store unavailable while loading order 1 (ApplicationFilterChain.step3)",
                tomcatApp.headline(springError()));
        assertNotEquals(Fingerprint.of(springError(), tomcatApp), Fingerprint.of(springError(), AppFrames.DEFAULT),
                "the fingerprint follows the same rule");
    }

    @Test
    void aWrongAppPackagesItemIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AppFrames("com.shop, com shop"));
        assertTrue(e.getMessage().contains("'com shop'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AppFrames(""));
    }

    @Test
    void theFingerprintIgnoresFrameworkFramesAndProxies() {
        Throwable a = springChain();
        Throwable b = springChain();
        StackTraceElement[] frames = b.getCause().getStackTrace();
        // Another Spring version, another proxy class: still the same error.
        frames[2] = new StackTraceElement("com.example.demo.DemoApplication$$SpringCGLIB$$1", "order", null, -1);
        frames[6] = new StackTraceElement("org.springframework.web.method.support.InvocableHandlerMethod", "invoke", "I.java", 1);
        b.getCause().setStackTrace(frames);
        ILoggingEvent ea = samples.event(DigestSamples.T0, Level.ERROR, "x", "m", a);
        ILoggingEvent eb = samples.event(DigestSamples.T0, Level.ERROR, "x", "m", b);
        assertEquals(Fingerprint.of(ea), Fingerprint.of(eb));
        assertEquals("T|java.lang.IllegalStateException|com.example.demo.DemoApplication.lookup"
                + "|com.example.demo.DemoApplication.order", Fingerprint.of(ea));
    }

    @Test
    void theStackTraceShowsApplicationFramesAndFoldsTheRest() {
        String text = layout("%msg%n%ex", AppFrames.DEFAULT).doLayout(springError());
        List<String> at = new ArrayList<>();
        int folded = 0;
        Matcher m = Pattern.compile("(?m)^\\t(at .*|\\.\\.\\. (\\d+) frames in (.*))$").matcher(text);
        while (m.find()) {
            if (m.group(2) != null) {
                folded += Integer.parseInt(m.group(2));
            } else {
                at.add(m.group(1));
            }
        }
        assertTrue(at.size() <= 25, at.size() + " at lines:\n" + text);
        assertTrue(text.contains("\tat com.example.demo.DemoApplication.lookup(DemoApplication.java:41)\n"), text);
        assertTrue(text.contains("\tat com.example.demo.DemoApplication.order(DemoApplication.java:33)\n"), text);
        assertTrue(text.contains("Caused by: java.lang.IllegalStateException: Order store unavailable"), text);
        assertTrue(text.contains("\t... 40 frames in org.springframework, jakarta, org.apache.catalina, \u2026\n"), text);
        assertTrue(text.contains("\t... 6 frames in com.example, jdk, java, \u2026\n"), text);
        assertTrue(text.matches("(?s).*\\t\\.\\.\\. \\d+ common frames omitted\\n.*"), text);
        // Nothing is lost: the outer trace's 41 frames are shown or counted; the cause's own 8 too.
        assertEquals(41 + 8, at.size() + folded, text);
    }

    @Test
    void shortRunsOfOtherFramesAreShownAsTheyAre() {
        IllegalStateException t = new IllegalStateException("boom");
        t.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("java.util.Objects", "requireNonNull", "O.java", 1),
            new StackTraceElement("com.shop.A", "a", "A.java", 1),
            new StackTraceElement("java.util.ArrayList", "forEach", "L.java", 1),
            new StackTraceElement("java.lang.Thread", "run", "T.java", 1),
            new StackTraceElement("com.shop.B", "b", "B.java", 1)});
        String text = layout("%ex", AppFrames.DEFAULT).doLayout(samples.event(DigestSamples.T0, Level.ERROR, "a", "m", t));
        assertEquals(5, text.split("\n\tat ", -1).length - 1, text);
        assertFalse(text.contains("frames in"), text);
    }
}
