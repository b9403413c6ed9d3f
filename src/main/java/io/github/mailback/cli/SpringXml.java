package io.github.mailback.cli;

import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.action.Action;
import ch.qos.logback.core.joran.spi.ElementSelector;
import ch.qos.logback.core.joran.spi.RuleStore;
import ch.qos.logback.core.joran.spi.SaxEventInterpretationContext;
import ch.qos.logback.core.model.Model;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.xml.sax.Attributes;

/**
 * Reads a Spring Boot {@code logback-spring.xml} without Spring. {@code <springProperty>} defines its
 * property from {@code --property SOURCE=value}, a system property or the environment (as Spring's
 * relaxed binding names it: {@code alerts.smtp.host} is {@code ALERTS_SMTP_HOST}), else its
 * {@code defaultValue}. A {@code <springProfile>} block counts when its expression matches the active
 * profiles; what it holds is read as if it stood outside it, and skipped otherwise. Each block is named
 * on standard output with what was done with it.
 */
final class SpringXml extends JoranConfigurator implements Supplier<Action> {
    private final Map<String, String> properties;
    private final Map<String, String> env;
    private final List<String> profiles;
    private final PrintStream out;
    /** Each springProperty left without a value: its name, and the Spring property it reads. */
    final Map<String, String> undefined = new LinkedHashMap<>();

    SpringXml(Map<String, String> properties, Map<String, String> env, List<String> profiles, PrintStream out) {
        this.properties = properties;
        this.env = env;
        this.profiles = profiles;
        this.out = out;
    }

    @Override
    public void addElementSelectorAndActionAssociations(RuleStore rs) {
        super.addElementSelectorAndActionAssociations(rs);
        rs.addRule(new ElementSelector("configuration/springProperty"), this);
        rs.addRule(new ElementSelector("*/springProfile"), this);
        // What a springProfile holds matches the rules it would match outside it (configuration/appender...).
        rs.addTransparentPathPart("springProfile");
    }

    /** A new action for each element. */
    @Override
    public Action get() {
        return new SpringAction();
    }

    /** Spring's profile expressions without parentheses: {@code a & b}, {@code a | b}, {@code !a}. */
    static boolean matches(String term, List<String> active) {
        String[] any = term.split("\\|");
        if (any.length > 1) {
            for (String t : any) {
                if (matches(t.strip(), active)) {
                    return true;
                }
            }
            return false;
        }
        for (String t : term.split("&")) {
            t = t.strip();
            if (t.startsWith("!") == active.contains(t.startsWith("!") ? t.substring(1).strip() : t)) {
                return false;
            }
        }
        return true;
    }

    /** The value Spring's environment would give {@code source}, or null. */
    String lookUp(String source) {
        String v = properties.get(source);
        if (v == null) {
            v = System.getProperty(source);
        }
        return v != null ? v : env.get(source.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
    }

    /**
     * springProperty: puts the property in the context (left out when it has no value: Logback then
     * writes NAME_IS_UNDEFINED, which the check reports). springProfile: models no element of its own;
     * what its content adds to the enclosing element is skipped when the profile is not active.
     */
    private final class SpringAction extends Action {
        private Model parent;
        private int before;
        private boolean active;
        private String expression;

        @Override
        public void begin(SaxEventInterpretationContext ic, String name, Attributes attributes) {
            if (name.equals("springProperty")) {
                String key = attributes.getValue("name");
                String source = attributes.getValue("source");
                String value = source == null ? null : lookUp(source);
                value = value != null ? value : attributes.getValue("defaultValue");
                if (value != null) {
                    ic.getContext().putProperty(key, value);
                } else {
                    undefined.put(key, source);
                }
                return;
            }
            expression = String.valueOf(attributes.getValue("name"));
            for (String term : expression.split(",")) {
                active |= matches(term.strip(), profiles);
            }
            parent = ic.peekModel();
            before = parent.getSubModels().size();
        }

        @Override
        public void end(SaxEventInterpretationContext ic, String name) {
            if (parent == null) {
                return;
            }
            out.println("springProfile \"" + expression + "\": " + (active ? "used" : "ignored")
                    + " (active profiles: " + String.join(", ", profiles) + ")");
            List<Model> added = parent.getSubModels();
            for (int i = before; !active && i < added.size(); i++) {
                added.get(i).deepMarkAsSkipped();
            }
        }
    }
}
