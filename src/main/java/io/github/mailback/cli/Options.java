package io.github.mailback.cli;

import io.github.mailback.smtp.SmtpClient;
import io.github.mailback.smtp.TlsMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The command line's options, parsed and checked; {@link UsageException} says what is wrong. */
final class Options {
    /**
     * --timeout's default in seconds, for connecting and for each reply: the client's
     * {@link SmtpClient#DEFAULT_READ_TIMEOUT}. A person runs the command, waits for it and can interrupt
     * it, so it keeps the client's patience rather than the appender's short timeouts.
     */
    static final int DEFAULT_TIMEOUT_SECONDS = (int) SmtpClient.DEFAULT_READ_TIMEOUT.toSeconds();
    /** The whole message, a large file perhaps, must be sent within this many --timeout. */
    static final int MESSAGE_TIMEOUTS = 10;

    String host = "localhost";
    int port;
    String from;
    /** Raw values of each --to; one may hold a comma-separated list. */
    final List<String> to = new ArrayList<>();
    final List<String> cc = new ArrayList<>();
    final List<String> bcc = new ArrayList<>();
    String subject;
    TlsMode tls = TlsMode.NONE;
    String user;
    String passwordEnv;
    String oauthTokenEnv;
    String oauthTokenUri;
    String oauthClientId;
    String oauthClientSecretEnv;
    String oauthScope;
    String helo;
    int timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
    boolean verbose;
    boolean allowEmpty;
    boolean help;
    boolean version;
    String file;
    String checkConfig;
    /** --property NAME=VALUE, for --check-config. */
    final Map<String, String> properties = new LinkedHashMap<>();
    /** --profile NAMES, for --check-config's springProfile blocks. */
    final List<String> profiles = new ArrayList<>();

    static final String USAGE = String.join("\n",
            "usage: java -jar mailback.jar [options] [FILE]",
            "       java -cp mailback.jar:LOGBACK-JARS io.github.mailback.cli.Main --check-config logback.xml [--verbose]",
            "Sends FILE (or standard input, also with FILE '-') as a plain-text UTF-8 email.",
            "  --host NAME             SMTP server (default localhost); a comma list of host or host:port",
            "                          is tried in order when a server cannot be reached",
            "  --port N                port (default 25, 587 with starttls, 465 with smtps)",
            "  --from ADDRESS          sender (required)",
            "  --to ADDRESS            recipient; repeatable or comma-separated (at least one of to/cc/bcc)",
            "  --cc ADDRESS            copy recipient; repeatable or comma-separated",
            "  --bcc ADDRESS           blind copy: in the envelope only, never in a header",
            "  --subject TEXT          subject (default: the file's name, or 'stdin')",
            "  --tls none|starttls|smtps  connection security (default none; starttls is required, not optional)",
            "  --user NAME             authenticate as NAME (PLAIN or LOGIN)",
            "  --password-env VAR      read the password from environment variable VAR",
            "  --oauth-token-env VAR   AUTH XOAUTH2 as --user with the access token in variable VAR",
            "  --oauth-token-uri URI   AUTH XOAUTH2 as --user with a token from this endpoint (client credentials",
            "                          grant), with --oauth-client-id ID, --oauth-client-secret-env VAR and",
            "                          --oauth-scope SCOPE (for Microsoft 365: https://outlook.office365.com/.default)",
            "  --helo NAME             name to give in EHLO (default: this machine's name)",
            "  --timeout SECONDS       connect and per-reply timeout (default " + DEFAULT_TIMEOUT_SECONDS
                    + "); the whole message",
            "                          must be sent within " + MESSAGE_TIMEOUTS + " times that",
            "  --verbose               print the SMTP dialogue on standard error (AUTH redacted)",
            "  --allow-empty           send even when standard input is empty",
            "  --check-config FILE     send a test email through each SmtpAppender of a logback.xml",
            "                          (needs logback-classic, logback-core and slf4j-api on the class path)",
            "  --property NAME=VALUE   with --check-config: defines ${NAME}, or the Spring property a",
            "                          springProperty reads (repeatable)",
            "  --profile NAMES         with --check-config: the active Spring profiles (comma-separated)",
            "  --version, --help",
            "Exit status: 0 sent (to at least one recipient); 1 refused for good; 2 usage error;",
            "75 failed for now (try again later). Recipients refused for now are not retried: that is the caller's job.");

    static Options parse(String[] args) throws UsageException {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.equals("--")) {
                if (arg.equals("--")) {
                    i++;
                    arg = i < args.length ? args[i] : null;
                }
                if (arg != null) {
                    if (o.file != null) {
                        throw new UsageException("only one FILE may be given: " + o.file + ", " + arg);
                    }
                    o.file = arg;
                }
                continue;
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            switch (name) {
                case "--help" -> o.help = true;
                case "--version" -> o.version = true;
                case "--verbose" -> o.verbose = true;
                case "--allow-empty" -> o.allowEmpty = true;
                default -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new UsageException(name + " needs a value");
                        }
                        value = args[++i];
                    }
                    o.set(name, value);
                }
            }
        }
        if (!o.help && !o.version && o.checkConfig == null) {
            if (o.from == null) {
                throw new UsageException("--from is required");
            }
            if (o.to.isEmpty() && o.cc.isEmpty() && o.bcc.isEmpty()) {
                throw new UsageException("at least one recipient is required (--to, --cc or --bcc)");
            }
        }
        return o;
    }

    private void set(String name, String value) throws UsageException {
        switch (name) {
            case "--host" -> host = value;
            case "--port" -> port = number(name, value, 1, 65535);
            case "--from" -> from = value;
            case "--to" -> to.add(value);
            case "--cc" -> cc.add(value);
            case "--bcc" -> bcc.add(value);
            case "--subject" -> subject = value;
            case "--tls" -> tls = switch (value.toLowerCase(Locale.ROOT)) {
                case "none" -> TlsMode.NONE;
                case "starttls" -> TlsMode.STARTTLS;
                case "smtps", "ssl", "tls" -> TlsMode.SMTPS;
                default -> throw new UsageException("--tls must be none, starttls or smtps: " + value);
            };
            case "--user" -> user = value;
            case "--password-env" -> passwordEnv = value;
            case "--oauth-token-env" -> oauthTokenEnv = value;
            case "--oauth-token-uri" -> oauthTokenUri = value;
            case "--oauth-client-id" -> oauthClientId = value;
            case "--oauth-client-secret-env" -> oauthClientSecretEnv = value;
            case "--oauth-scope" -> oauthScope = value;
            case "--password" -> throw new UsageException(
                    "a password on the command line is visible to other users: use --password-env VAR");
            case "--helo" -> helo = value;
            case "--timeout" -> timeoutSeconds = number(name, value, 1, 86_400);
            case "--check-config" -> checkConfig = value;
            case "--property" -> {
                int eq = value.indexOf('=');
                if (eq <= 0) {
                    throw new UsageException("--property needs NAME=VALUE: " + value);
                }
                properties.put(value.substring(0, eq), value.substring(eq + 1));
            }
            case "--profile" -> {
                for (String p : value.split(",")) {
                    if (!p.isBlank()) {
                        profiles.add(p.strip());
                    }
                }
            }
            default -> throw new UsageException("unknown option " + name);
        }
    }

    private static int number(String name, String value, int min, int max) throws UsageException {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new UsageException(name + " must be a number from " + min + " to " + max + ": " + value);
    }

    /** A command line that cannot be run; its message is the one line shown to the user. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
