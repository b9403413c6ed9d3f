package io.github.mailback.cli;

import io.github.mailback.mime.Address;
import io.github.mailback.mime.Message;
import io.github.mailback.mime.MessageWriter;
import io.github.mailback.oauth.ClientCredentialsTokenProvider;
import io.github.mailback.smtp.MailContent;
import io.github.mailback.smtp.SendResult;
import io.github.mailback.smtp.SmtpClient;
import io.github.mailback.smtp.SmtpConnection;
import io.github.mailback.smtp.SmtpException;
import io.github.mailback.smtp.SmtpReply;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The command-line sender: mails a file or standard input as a plain-text email. */
public final class Main {
    static final int SENT = 0;
    static final int PERMANENT_FAILURE = 1;
    static final int USAGE = 2;
    /** sysexits.h EX_TEMPFAIL, as sendmail uses it: try again later. */
    static final int TRANSIENT_FAILURE = 75;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.console() != null, System.out, System.err, System.getenv()));
    }

    static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err, Map<String, String> env) {
        return run(args, stdin, false, out, err, env);
    }

    /**
     * Runs the command line and returns its exit status; never calls {@code System.exit}. {@code terminal}:
     * standard input is a terminal, where reading it without a word would look like a hang.
     */
    static int run(String[] args, InputStream stdin, boolean terminal, PrintStream out, PrintStream err,
            Map<String, String> env) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (Options.UsageException e) {
            err.println("mailback: " + e.getMessage() + " (--help for usage)");
            return USAGE;
        }
        if (options.help) {
            out.println(Options.USAGE);
            return SENT;
        }
        if (options.version) {
            out.println("mailback " + version());
            return SENT;
        }
        if (options.checkConfig != null) {
            // The only path that needs Logback: ConfigCheck is not loaded otherwise.
            return ConfigCheck.run(Path.of(options.checkConfig), options, env, out, err);
        }
        try {
            SmtpClient client = client(options, env, err);
            Message.Builder message = message(options);
            try (BodyFile body = body(options, stdin, terminal ? err : null, env)) {
                return send(client, message.textFile(body.path()).build(), err);
            }
        } catch (Options.UsageException | IllegalArgumentException e) {
            err.println("mailback: " + e.getMessage());
            return USAGE;
        } catch (NoSuchFileException e) {
            err.println("mailback: no such file: " + e.getFile());
            return USAGE;
        } catch (IOException e) {
            err.println("mailback: cannot read input: " + e.getMessage());
            return USAGE;
        }
    }

    private static int send(SmtpClient client, Message message, PrintStream err) {
        try (SmtpConnection connection = client.connect()) {
            boolean eightBit = connection.capabilities().eightBitMime();
            MailContent content;
            try {
                content = MessageWriter.content(message, eightBit);
            } catch (UncheckedIOException e) {
                err.println("mailback: cannot read input: " + e.getCause().getMessage());
                return USAGE;
            }
            SendResult result = connection.send(message.envelope(), content);
            if (result.skipped() != null || client.hosts().size() > 1) {
                err.println("mailback: sent through " + result.server()
                        + (result.skipped() != null ? " after " + result.skipped() : ""));
            }
            for (Map.Entry<String, SmtpReply> refused : result.refused().entrySet()) {
                boolean later = refused.getValue().isTransientNegative();
                err.println("mailback: recipient refused" + (later ? " for now" : "") + ": " + refused.getKey() + ": "
                        + refused.getValue() + (later ? " (not retried: send to it again later)" : ""));
            }
            return SENT;
        } catch (SmtpException e) {
            err.println("mailback: " + e.getMessage());
            return e.isTransient() ? TRANSIENT_FAILURE : PERMANENT_FAILURE;
        } catch (IOException e) {
            err.println("mailback: " + e);
            return TRANSIENT_FAILURE;
        }
    }

    private static SmtpClient client(Options o, Map<String, String> env, PrintStream err)
            throws Options.UsageException {
        Duration timeout = Duration.ofSeconds(o.timeoutSeconds);
        SmtpClient.Builder b = SmtpClient.builder().host(o.host).port(o.port).tls(o.tls).connectTimeout(timeout)
                .readTimeout(timeout).messageTimeout(timeout.multipliedBy(Options.MESSAGE_TIMEOUTS));
        if (o.helo != null) {
            b.heloName(o.helo);
        }
        int modes = (o.passwordEnv != null ? 1 : 0) + (o.oauthTokenEnv != null ? 1 : 0) + (o.oauthTokenUri != null ? 1 : 0);
        if (o.user != null && modes != 1 || o.user == null && modes != 0) {
            throw new Options.UsageException(
                    "--user needs one of --password-env VAR, --oauth-token-env VAR or --oauth-token-uri URI, and they need --user");
        }
        if (o.oauthTokenUri != null) {
            if (o.oauthClientId == null || o.oauthClientSecretEnv == null) {
                throw new Options.UsageException("--oauth-token-uri needs --oauth-client-id and --oauth-client-secret-env");
            }
            ClientCredentialsTokenProvider tokens = new ClientCredentialsTokenProvider();
            tokens.setTokenUri(o.oauthTokenUri);
            tokens.setClientId(o.oauthClientId);
            tokens.setClientSecret(env(env, o.oauthClientSecretEnv));
            tokens.setScope(o.oauthScope);
            tokens.check();
            b.oauth2(o.user, tokens);
        } else if (o.oauthTokenEnv != null) {
            b.oauth2(o.user, env(env, o.oauthTokenEnv));
        } else if (o.user != null) {
            b.credentials(o.user, env(env, o.passwordEnv));
        }
        if (o.verbose) {
            b.transcript((fromClient, line) -> err.println((fromClient ? "C: " : "S: ") + line));
        }
        return b.build();
    }

    /** The value of an environment variable named by an option: a password, a token or a secret. */
    private static String env(Map<String, String> env, String name) throws Options.UsageException {
        String value = env.get(name);
        if (value == null) {
            throw new Options.UsageException("environment variable " + name + " is not set");
        }
        return value;
    }

    /**
     * FILE, or a copy of standard input (or of FILE when it is a pipe) in the temporary directory:
     * {@code $TMPDIR}, else {@code java.io.tmpdir}. {@code prompt}, when not null, hears that standard
     * input is being read.
     */
    private static BodyFile body(Options o, InputStream stdin, PrintStream prompt, Map<String, String> env)
            throws IOException, Options.UsageException {
        String tmp = env.get("TMPDIR");
        Path tempDir = Path.of(tmp != null && !tmp.isEmpty() ? tmp : System.getProperty("java.io.tmpdir"));
        if (!fromStdin(o)) {
            return BodyFile.of(Path.of(o.file), tempDir);
        }
        if (prompt != null) {
            prompt.println("mailback: reading the message from standard input; end it with Ctrl-D (or give a FILE)");
        }
        BodyFile body = BodyFile.copyOf(stdin, tempDir);
        if (body.size() == 0 && !o.allowEmpty) {
            body.close();
            throw new Options.UsageException("standard input is empty: nothing to send (--allow-empty sends it anyway)");
        }
        return body;
    }

    private static boolean fromStdin(Options o) {
        return o.file == null || o.file.equals("-");
    }

    /** The message but its text, its addresses checked before any input is read. */
    private static Message.Builder message(Options o) {
        String subject = o.subject != null ? o.subject
                : fromStdin(o) ? "stdin" : String.valueOf(Path.of(o.file).getFileName());
        return Message.builder()
                .from(Address.parse(o.from))
                .to(addresses(o.to))
                .cc(addresses(o.cc))
                .bcc(addresses(o.bcc))
                .subject(subject);
    }

    private static List<Address> addresses(List<String> values) {
        List<Address> all = new ArrayList<>();
        for (String v : values) {
            all.addAll(Address.parseList(v));
        }
        return all;
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v != null ? v : "(development build)";
    }
}
