package io.github.mailback.redact;

import java.util.Locale;

/**
 * The redaction rules, each with the one stable name (the constant's name in kebab case) used in its
 * marker ({@code [redacted:jwt]}), in {@code redactRulesOff}, in the {@code X-Mailback-Redacted} header,
 * in the meter's {@code rule} tag and in docs/redaction.md, whose table lists them in this order with
 * these descriptions (a test checks it).
 *
 * <p>The order is the header's order, and it settles a tie: when two rules find the same text, the
 * earlier one names it, so that a specific rule (a JWT) wins over a generic one (a value under a key).
 */
public enum Rule {
    PEM_PRIVATE_KEY("the body of a PEM private key (RSA, EC, OpenSSH, PKCS#8, PGP), truncated ones included"),
    JWT("a JSON Web Token: base64url header and payload that are JSON objects, and a signature"),
    AWS_ACCESS_KEY_ID("an AWS access key id (AKIA, ASIA, ABIA, ACCA, A3T)"),
    GITHUB_TOKEN("a GitHub token (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_)"),
    GITLAB_TOKEN("a GitLab token (glpat-, gldt-, glrt-, glptt- and the other gl prefixes, GR1348941)"),
    SLACK_TOKEN("a Slack token (xoxb-, xoxp-, xoxa-, xoxe-, xoxr-, xoxs-, xoxo-, xapp-)"),
    SLACK_WEBHOOK("the secret path of a Slack webhook URL (hooks.slack.com/services/...)"),
    STRIPE_KEY("a Stripe secret or restricted key (sk_live_, rk_test_...) or webhook secret (whsec_)"),
    GOOGLE_API_KEY("a Google API key (AIza and 35 characters)"),
    SENDGRID_KEY("a SendGrid API key (SG. and two base64url parts)"),
    NPM_TOKEN("an npm access token (npm_ and 36 characters)"),
    TWILIO_KEY("a Twilio API key (SK and 32 hexadecimal digits)"),
    AZURE_CLIENT_SECRET("an Azure AD (Entra ID) client secret (Q~ after four characters)"),
    AZURE_STORAGE_KEY(
            "an Azure storage or Service Bus key (AccountKey=, SharedAccessKey=) and a SAS signature (sig=)"),
    SMTP_AUTH("the credentials of an SMTP AUTH command and of the client's answers to 334 challenges"),
    URL_PASSWORD("the password of a URL (scheme://user:password@host) and of Oracle's user/password@"),
    AUTHORIZATION("the credentials of an Authorization or Proxy-Authorization value (the scheme stays)"),
    BEARER("a token after the word Bearer anywhere else"),
    COOKIE("the values of a Cookie or Set-Cookie header or of a key naming a cookie (the names stay)"),
    PASSWORD("the value of a key naming a password (password, passwd, pwd, passphrase, passcode, db_pass)"),
    SECRET("the value of a key naming a secret (secret, client secret, secret key, private key, signing key, "
            + "encryption key)"),
    TOKEN("the value of a key naming a token (token, access_token, X-Auth-Token)"),
    API_KEY("the value of a key naming an API key (api key, apikey, access key, subscription key)"),
    CREDENTIALS("the value of a key naming credentials (credentials, credential, creds, auth)"),
    SESSION_ID("the value of a key naming a session id (session id, JSESSIONID, PHPSESSID)"),
    OTP("the value of a key naming a one-time password (otp, otp code, totp, hotp)"),
    PIN("the value of a key naming a PIN (pin, pin code)"),
    CVV("the value of a key naming a card security code (cvv, cvc, cvv2)"),
    CARD_NUMBER(
            "a payment card number whose issuer prefix, length and Luhn check digit agree (spaces or dashes allowed)"),
    IBAN("an IBAN of a registered country and length whose mod-97 check holds"),
    EMAIL(Kind.OPT_IN, "an email address (off unless turned on)"),
    IP_ADDRESS(Kind.OPT_IN, "an IPv4 or IPv6 address (off unless turned on)"),
    CUSTOM_KEY(Kind.CONFIGURED, "the value of a key named in redactKeys"),
    CUSTOM_PATTERN(Kind.CONFIGURED, "a match of a redactPattern, or its first group when it has one"),
    BUDGET(Kind.OUTCOME, "a whole field whose redaction ran over its time budget"),
    ERROR(Kind.OUTCOME, "a whole field whose redaction failed");

    /** What turns a rule on. */
    public enum Kind {
        /** On unless named in {@code redactRulesOff}. */
        BUILT_IN,
        /** Off unless turned on. */
        OPT_IN,
        /** On when {@code redactKeys} or {@code redactPattern} is given. */
        CONFIGURED,
        /** Not a rule that finds text: what a whole field becomes when its redaction did not finish. */
        OUTCOME
    }

    private final String id;
    private final Kind kind;
    private final String description;
    private final String marker;

    /** A built-in rule. */
    Rule(String description) {
        this(Kind.BUILT_IN, description);
    }

    /** The id is the constant's name in lower case, with dashes for underscores. */
    Rule(Kind kind, String description) {
        this.id = name().toLowerCase(Locale.ROOT).replace('_', '-');
        this.kind = kind;
        this.description = description;
        this.marker = Redaction.MARKER_START + id + "]";
    }

    /** The stable name. */
    public String id() {
        return id;
    }

    /** What turns it on. */
    public Kind kind() {
        return kind;
    }

    /** One line on what it redacts. */
    public String description() {
        return description;
    }

    /** The text that replaces what it finds: {@code [redacted:} and the name and {@code ]}. */
    public String marker() {
        return marker;
    }

    /** The rule of that name, or null. */
    public static Rule byId(String id) {
        for (Rule r : values()) {
            if (r.id.equals(id)) {
                return r;
            }
        }
        return null;
    }
}
