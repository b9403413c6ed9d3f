package io.github.mailback.alert;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import io.github.mailback.config.AppFrames;
import io.github.mailback.internal.Throwables;
import java.util.Objects;

/**
 * What makes two error events "the same error", so that a flood becomes one group with a count.
 * With a throwable: the root cause's class and its first application frames (class and method, no
 * line numbers, so that a rebuild does not split a group), application as {@link AppFrames} says.
 * Without: the logger and the message pattern, the {@code {}} template before its arguments are filled in.
 * It must read nothing else of the event: the sender reuses the last fingerprint for an event that
 * matches in these ({@link #sameInput}).
 */
final class Fingerprint {
    /** Frames from the application kept in a fingerprint; more would split groups on incidental paths. */
    static final int APPLICATION_FRAMES = 3;

    private Fingerprint() {
    }

    /** The fingerprint of an event under the default application rule. */
    public static String of(ILoggingEvent event) {
        return of(event, AppFrames.DEFAULT);
    }

    /** The fingerprint of an event; equal strings mean the same group. */
    public static String of(ILoggingEvent event, AppFrames app) {
        IThrowableProxy throwable = event.getThrowableProxy();
        if (throwable == null) {
            String template = event.getMessage();
            return "L|" + event.getLoggerName() + "|" + (template == null ? "" : template);
        }
        IThrowableProxy root = Throwables.rootCause(throwable);
        StringBuilder sb = new StringBuilder(128).append("T|").append(root.getClassName());
        StackTraceElementProxy[] frames = root.getStackTraceElementProxyArray();
        int kept = 0;
        if (frames != null) {
            for (StackTraceElementProxy frame : frames) {
                StackTraceElement ste = frame.getStackTraceElement();
                if (!app.isApp(ste.getClassName())) {
                    continue;
                }
                appendFrame(sb, ste);
                if (++kept == APPLICATION_FRAMES) {
                    break;
                }
            }
            if (kept == 0) {
                // Nothing but library frames: the top ones still tell failures apart.
                for (int i = 0; i < frames.length && i < APPLICATION_FRAMES; i++) {
                    appendFrame(sb, frames[i].getStackTraceElement());
                }
            }
        }
        return sb.toString();
    }

    /**
     * Whether two events give the same fingerprint because they match in all that {@link #of} reads:
     * the root cause's class and frames, or the logger and message template. A cheap test for the
     * sender's reuse of its last fingerprint; false may still mean the same fingerprint.
     */
    static boolean sameInput(ILoggingEvent a, ILoggingEvent b) {
        IThrowableProxy ta = a.getThrowableProxy();
        IThrowableProxy tb = b.getThrowableProxy();
        if (ta == null || tb == null) {
            return ta == tb && a.getLoggerName().equals(b.getLoggerName())
                    && Objects.equals(a.getMessage(), b.getMessage());
        }
        IThrowableProxy ra = Throwables.rootCause(ta);
        IThrowableProxy rb = Throwables.rootCause(tb);
        StackTraceElementProxy[] fa = ra.getStackTraceElementProxyArray();
        StackTraceElementProxy[] fb = rb.getStackTraceElementProxyArray();
        if (!ra.getClassName().equals(rb.getClassName()) || fa == null || fb == null || fa.length != fb.length) {
            return false;
        }
        for (int i = 0; i < fa.length; i++) {
            if (!fa[i].getStackTraceElement().equals(fb[i].getStackTraceElement())) {
                return false;
            }
        }
        return true;
    }

    private static void appendFrame(StringBuilder sb, StackTraceElement ste) {
        sb.append('|').append(ste.getClassName()).append('.').append(ste.getMethodName());
    }

}
