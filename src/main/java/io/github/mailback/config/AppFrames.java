package io.github.mailback.config;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.pattern.DynamicConverter;
import ch.qos.logback.core.pattern.PatternLayoutBase;
import io.github.mailback.internal.ControlCharacters;
import io.github.mailback.internal.Throwables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Which stack frames are the application's: those under {@code appPackages} when it is set, else
 * every frame outside the JDK and the usual frameworks and servers. The rule makes the fingerprint,
 * the headline ({@code IllegalStateException: Order store down (OrderController.get)}) and the folded
 * stack traces of the default layout, where runs of other frames become one line. Immutable.
 */
public final class AppFrames {
    /** Packages whose frames an engineer reading an alert rarely needs: JDK, reflection, frameworks, servers. */
    private static final String[] FRAMEWORKS = ("java. javax. jakarta. jdk. sun. com.sun. org.springframework. "
            + "org.apache.catalina. org.apache.coyote. org.apache.tomcat. org.eclipse.jetty. io.netty. io.undertow. "
            + "reactor. org.hibernate. com.zaxxer. com.fasterxml. io.micrometer. org.aspectj. net.bytebuddy. "
            + "ch.qos.logback. org.slf4j. kotlin. kotlinx. scala. org.junit.").split(" ");
    /** A message longer than this is cut in a headline, so that the headline keeps its frame. */
    public static final int MESSAGE_MAX = 100;
    /** Runs of fewer other frames are shown as they are: a fold line would save nothing. */
    private static final int MIN_FOLD = 3;
    /** Package names a fold line lists at most. */
    private static final int FOLD_NAMES = 3;

    /** The default rule. */
    public static final AppFrames DEFAULT = new AppFrames((String) null);

    private final String[] packages;

    /**
     * @param packages the {@code appPackages} property, a comma list of package prefixes
     *     ({@code com.shop, org.acme.billing}), or null for the default rule
     * @throws IllegalArgumentException naming an item that is not a package name
     */
    public AppFrames(String packages) {
        if (packages == null) {
            this.packages = null;
            return;
        }
        List<String> list = new ArrayList<>();
        for (String item : packages.split(",")) {
            String p = item.strip();
            if (!p.matches("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*\\.?")) {
                throw new IllegalArgumentException("'" + p + "' is not a package name such as com.shop");
            }
            list.add(p.endsWith(".") ? p : p + '.');
        }
        this.packages = list.toArray(new String[0]);
    }

    /**
     * True when Logback's pattern layouts take converter suppliers (1.5.13 and later); before, their
     * map took class names under the same method (logback#932), and the conversion words stay unknown.
     */
    public static final boolean CONVERTERS = hasSuppliers();

    private static boolean hasSuppliers() {
        try {
            PatternLayoutBase.class.getDeclaredMethod("getDefaultConverterSupplierMap");
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /**
     * Makes {@code %headline}, {@code %service} (the context's name, else the host's) and the folded
     * {@code %ex} (also {@code %exception}, {@code %throwable}) known to a pattern layout not yet
     * started, when {@link #CONVERTERS}.
     */
    public static void register(PatternLayout layout, AppFrames app) {
        register(layout, app, null);
    }

    /** As {@link #register(PatternLayout, AppFrames)}, with {@code %service} giving {@code service} when not null. */
    public static void register(PatternLayout layout, AppFrames app, String service) {
        if (!CONVERTERS) {
            return;
        }
        Map<String, Supplier<DynamicConverter>> words = layout.getInstanceConverterMap();
        words.put("headline", () -> new Headline(app, null));
        words.put("service", () -> new Headline(null, service));
        Supplier<DynamicConverter> folding = () -> new Folding(app);
        for (String w : new String[] {"ex", "exception", "throwable"}) {
            words.put(w, folding);
        }
    }

    /** True for a frame of the application. */
    public boolean isApp(String className) {
        if (packages != null) {
            return startsWith(className, packages) != null;
        }
        // Generated proxies ($$SpringCGLIB$$, $$Lambda...) are never the application's code.
        return startsWith(className, FRAMEWORKS) == null && className.indexOf("$$") < 0;
    }

    private static String startsWith(String className, String[] prefixes) {
        for (String p : prefixes) {
            if (className.startsWith(p)) {
                return p;
            }
        }
        return null;
    }

    /**
     * What broke and where, on one line: with a throwable, the root cause's simple class name, its
     * message and the first application frame; without, the logger's simple name and the message.
     */
    public String headline(ILoggingEvent e) {
        IThrowableProxy t = e.getThrowableProxy();
        StringBuilder sb = new StringBuilder(160);
        String message;
        if (t == null) {
            sb.append(simpleName(e.getLoggerName()));
            message = e.getFormattedMessage();
            if (message != null && !message.isEmpty()) {
                sb.append(" - "); // none with minimalContent, whose events have no message
            }
        } else {
            IThrowableProxy root = Throwables.rootCause(t);
            sb.append(simpleName(root.getClassName()));
            message = root.getMessage();
            if (message != null) {
                sb.append(": ");
            }
        }
        if (message != null) {
            String m = ControlCharacters.oneLine(message);
            sb.append(m.length() > MESSAGE_MAX ? m.substring(0, MESSAGE_MAX) + '\u2026' : m);
        }
        String frame = t == null ? null : firstAppFrame(t);
        if (frame != null) {
            sb.append(" (").append(frame).append(')');
        }
        return sb.toString();
    }

    /** {@code Class.method} of the root cause's first application frame, else its causes', outermost last. */
    public String firstAppFrame(IThrowableProxy t) {
        List<IThrowableProxy> chain = new ArrayList<>();
        for (IThrowableProxy c = t; c != null && chain.size() < 32; c = c.getCause()) {
            chain.add(c);
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            StackTraceElementProxy[] frames = chain.get(i).getStackTraceElementProxyArray();
            for (int f = 0; frames != null && f < frames.length; f++) {
                StackTraceElement ste = frames[f].getStackTraceElement();
                if (isApp(ste.getClassName())) {
                    return simpleName(ste.getClassName()) + '.' + methodName(ste.getMethodName());
                }
            }
        }
        return null;
    }

    /** The method as its author named it: {@code lambda$reserve$0} is a lambda in {@code reserve}. */
    public static String methodName(String method) {
        int end = method.startsWith("lambda$") ? method.indexOf('$', 7) : -1;
        return end > 7 ? method.substring(7, end) : method;
    }

    public static String simpleName(String className) {
        return className == null ? "" : className.substring(className.lastIndexOf('.') + 1);
    }

    /** The package a fold line names for a frame: the framework's, or the first two names. */
    private static String packageName(String className) {
        String p = startsWith(className, FRAMEWORKS);
        if (p != null) {
            return p.substring(0, p.length() - 1);
        }
        int dot = className.indexOf('.');
        dot = dot < 0 ? -1 : className.indexOf('.', dot + 1);
        return dot < 0 ? className : className.substring(0, dot);
    }

    /** {@code %headline}, the headline; {@code %service}, the context's name, or the host's when it has none. */
    static final class Headline extends ClassicConverter {
        private final AppFrames frames;
        private final String service;

        /** {@code frames} for {@code %headline}; null for {@code %service}, with its name or null for the context's. */
        Headline(AppFrames frames, String service) {
            this.frames = frames;
            this.service = service;
        }

        @Override
        public String convert(ILoggingEvent event) {
            if (frames != null) {
                return frames.headline(event);
            }
            return service != null ? service
                    : service(getContext().getName(), getContext().getProperty(CoreConstants.HOSTNAME_KEY));
        }
    }

    /** The name that says which service an email comes from: the context's, else the host's. */
    public static String service(String contextName, String host) {
        return contextName == null || contextName.isEmpty() || CoreConstants.DEFAULT_CONTEXT_NAME.equals(contextName)
                ? host : contextName;
    }

    /**
     * Logback's stack trace, with runs of other frames than the application's folded into one line.
     * With options ({@code %ex{short}}, {@code %ex{5}}, evaluators, lines to ignore) it is Logback's own:
     * whoever wrote them asked for that.
     */
    static final class Folding extends ThrowableProxyConverter {
        private final AppFrames frames;
        private boolean asWritten;

        Folding(AppFrames frames) {
            this.frames = frames;
        }

        @Override
        public void start() {
            asWritten = getOptionList() != null && !getOptionList().isEmpty();
            super.start();
        }

        @Override
        protected void subjoinSTEPArray(StringBuilder buf, int indent, IThrowableProxy tp) {
            if (asWritten) {
                super.subjoinSTEPArray(buf, indent, tp);
                return;
            }
            StackTraceElementProxy[] steps = tp.getStackTraceElementProxyArray();
            int end = steps.length - tp.getCommonFrames();
            int run = 1; // where the current run of other frames began; the first frame is always shown
            for (int i = 0; i <= end; i++) {
                boolean app = i == 0 || i < end && frames.isApp(steps[i].getStackTraceElement().getClassName());
                if (!app && i < end) {
                    continue;
                }
                if (i - run >= MIN_FOLD) {
                    fold(buf, indent, steps, run, i);
                } else {
                    for (int j = run; j < i; j++) {
                        line(buf, indent, steps[j].toString());
                    }
                }
                if (i < end) {
                    line(buf, indent, steps[i].toString());
                }
                run = i + 1;
            }
            if (tp.getCommonFrames() > 0) {
                line(buf, indent, "... " + tp.getCommonFrames() + " common frames omitted");
            }
        }

        private static void fold(StringBuilder buf, int indent, StackTraceElementProxy[] steps, int from, int to) {
            List<String> names = new ArrayList<>(FOLD_NAMES + 1);
            for (int j = from; j < to && names.size() <= FOLD_NAMES; j++) {
                String name = packageName(steps[j].getStackTraceElement().getClassName());
                if (!names.contains(name)) {
                    names.add(name);
                }
            }
            String list = names.size() > FOLD_NAMES ? String.join(", ", names.subList(0, FOLD_NAMES)) + ", \u2026"
                    : String.join(", ", names);
            line(buf, indent, "... " + (to - from) + " frames in " + list);
        }

        private static void line(StringBuilder buf, int indent, String s) {
            for (int j = 0; j < indent; j++) {
                buf.append('\t');
            }
            buf.append(s).append(CoreConstants.LINE_SEPARATOR);
        }
    }
}
